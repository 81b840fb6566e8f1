// Batch jobs kept alive from an older codebase: a pre-built zip from the CI
// cache (truncated by a failed upload), a job written inline, and one new
// NodejsFunction beside them. The advisor must still audit all three.
import * as cdk from "aws-cdk-lib";
import * as lambda from "aws-cdk-lib/aws-lambda";
import * as nodejs from "aws-cdk-lib/aws-lambda-nodejs";
import * as logs from "aws-cdk-lib/aws-logs";
import { Construct } from "constructs";
import * as path from "path";

export interface LegacyJobsStackProps extends cdk.StackProps {
  /** The nightly job's pre-built zip, as the CI cache left it. */
  readonly nightlyZip: string;
}

export class LegacyJobsStack extends cdk.Stack {
  constructor(scope: Construct, id: string, props: LegacyJobsStackProps) {
    super(scope, id, props);
    const logGroup = (name: string) => new logs.LogGroup(this, name, { retention: logs.RetentionDays.TWO_WEEKS });

    new lambda.Function(this, "Nightly", {
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: 1024,
      handler: "index.handler",
      code: lambda.Code.fromAsset(props.nightlyZip),
      logGroup: logGroup("NightlyLogs"),
    });

    new lambda.Function(this, "Cleanup", {
      runtime: lambda.Runtime.PYTHON_3_13,
      architecture: lambda.Architecture.ARM_64,
      memorySize: 512,
      handler: "index.handler",
      code: lambda.Code.fromInline("def handler(event, context):\n    return {'deleted': 0}\n"),
      logGroup: logGroup("CleanupLogs"),
    });

    new nodejs.NodejsFunction(this, "Notify", {
      entry: path.join(__dirname, "src", "notify.ts"),
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: 512,
      logGroup: logGroup("NotifyLogs"),
    });
  }
}

const outdir = process.env.CORPUS_OUTDIR;
const app = new cdk.App(outdir ? { outdir } : {});
new LegacyJobsStack(app, "LegacyJobs", { nightlyZip: path.join(__dirname, "src", "nightly.zip") });
if (outdir) app.synth();
