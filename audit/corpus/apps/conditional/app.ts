// One template for every stage: sizes switched by a CloudFormation
// condition, overridden on the L1 because the L2 takes numbers only.
import * as cdk from "aws-cdk-lib";
import * as lambda from "aws-cdk-lib/aws-lambda";
import * as logs from "aws-cdk-lib/aws-logs";
import { Construct } from "constructs";

export interface ConditionalStackProps extends cdk.StackProps {
  /** The stages the Stage parameter accepts; the first is the default. */
  readonly stages: string[];
}

export class ConditionalStack extends cdk.Stack {
  constructor(scope: Construct, id: string, props: ConditionalStackProps) {
    super(scope, id, props);
    const stage = new cdk.CfnParameter(this, "Stage", { type: "String", allowedValues: props.stages, default: props.stages[0] });
    const isProd = new cdk.CfnCondition(this, "IsProd", { expression: cdk.Fn.conditionEquals(stage.valueAsString, "prod") });

    const worker = new lambda.Function(this, "Worker", {
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      handler: "index.handler",
      code: lambda.Code.fromInline("exports.handler = async () => ({ ok: true });"),
      logGroup: new logs.LogGroup(this, "WorkerLogs", { retention: logs.RetentionDays.ONE_MONTH }),
    });
    const cfn = worker.node.defaultChild as lambda.CfnFunction;
    cfn.addPropertyOverride("MemorySize", cdk.Fn.conditionIf(isProd.logicalId, 1024, 64));
    cfn.addPropertyOverride("Timeout", cdk.Fn.conditionIf(isProd.logicalId, 30, 1000));
    cfn.addPropertyOverride("Environment.Variables.CA_BUNDLE", cdk.Fn.conditionIf(isProd.logicalId, "x".repeat(5000), cdk.Aws.NO_VALUE));
    cfn.addPropertyOverride("SnapStart", cdk.Fn.conditionIf(isProd.logicalId, { ApplyOn: "PublishedVersions" }, cdk.Aws.NO_VALUE));

    // Sized the same in every stage: nothing to report.
    const steady = new lambda.Function(this, "Steady", {
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: 1024,
      handler: "index.handler",
      code: lambda.Code.fromInline("exports.handler = async () => ({ ok: true });"),
      logGroup: new logs.LogGroup(this, "SteadyLogs", { retention: logs.RetentionDays.ONE_MONTH }),
    });
    (steady.node.defaultChild as lambda.CfnFunction).addPropertyOverride("Timeout", cdk.Fn.conditionIf(isProd.logicalId, 30, 10));
  }
}

// CORPUS_OUTDIR: synthesized by app.synth() without the CLI, as in a unit test.
const outdir = process.env.CORPUS_OUTDIR;
const app = new cdk.App(outdir ? { outdir } : {});
new ConditionalStack(app, "Conditional", { stages: ["dev", "prod"] });
if (outdir) app.synth();
