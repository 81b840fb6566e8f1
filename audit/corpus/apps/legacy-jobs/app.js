// Batch jobs kept alive from an older codebase: a pre-built zip from the CI
// cache (truncated by a failed upload), a job written inline, and one new
// NodejsFunction beside them. The advisor must still audit all three.
const cdk = require("aws-cdk-lib");
const lambda = require("aws-cdk-lib/aws-lambda");
const nodejs = require("aws-cdk-lib/aws-lambda-nodejs");
const logs = require("aws-cdk-lib/aws-logs");
const path = require("path");

class LegacyJobsStack extends cdk.Stack {
  constructor(scope, id, props) {
    super(scope, id, props);
    const logGroup = (name) => new logs.LogGroup(this, name, { retention: logs.RetentionDays.TWO_WEEKS });

    new lambda.Function(this, "Nightly", {
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: 1024,
      handler: "index.handler",
      code: lambda.Code.fromAsset(path.join(__dirname, "src", "nightly.zip")),
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
      entry: path.join(__dirname, "src", "notify.mjs"),
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: 512,
      logGroup: logGroup("NotifyLogs"),
    });
  }
}

module.exports = { LegacyJobsStack };

if (require.main === module) {
  const app = new cdk.App(process.env.CORPUS_OUTDIR ? { outdir: process.env.CORPUS_OUTDIR } : {});
  new LegacyJobsStack(app, "LegacyJobs");
  if (process.env.CORPUS_OUTDIR) app.synth();
}
