// One template for every stage: sizes switched by a CloudFormation
// condition, overridden on the L1 because the L2 takes numbers only.
const cdk = require("aws-cdk-lib");
const lambda = require("aws-cdk-lib/aws-lambda");
const logs = require("aws-cdk-lib/aws-logs");

class ConditionalStack extends cdk.Stack {
  constructor(scope, id, props) {
    super(scope, id, props);
    const stage = new cdk.CfnParameter(this, "Stage", { type: "String", allowedValues: ["dev", "prod"], default: "dev" });
    const isProd = new cdk.CfnCondition(this, "IsProd", { expression: cdk.Fn.conditionEquals(stage.valueAsString, "prod") });

    const worker = new lambda.Function(this, "Worker", {
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      handler: "index.handler",
      code: lambda.Code.fromInline("exports.handler = async () => ({ ok: true });"),
      logRetention: undefined,
      logGroup: new logs.LogGroup(this, "WorkerLogs", { retention: logs.RetentionDays.ONE_MONTH }),
    });
    const cfn = worker.node.defaultChild;
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
    steady.node.defaultChild.addPropertyOverride("Timeout", cdk.Fn.conditionIf(isProd.logicalId, 30, 10));
  }
}

module.exports = { ConditionalStack };

if (require.main === module) {
  const app = new cdk.App(process.env.CORPUS_OUTDIR ? { outdir: process.env.CORPUS_OUTDIR } : {});
  new ConditionalStack(app, "Conditional");
  if (process.env.CORPUS_OUTDIR) app.synth();
}
