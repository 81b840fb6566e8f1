// An image pipeline the way the S3-to-Lambda samples build it: plain
// JavaScript handlers shipped with lambda.Code.fromAsset (no bundler), one
// ported from an SDK v2 sample and bumped to a current runtime, its
// rewritten twin beside it, both fed by bucket notifications.
import * as cdk from "aws-cdk-lib";
import * as lambda from "aws-cdk-lib/aws-lambda";
import * as destinations from "aws-cdk-lib/aws-lambda-destinations";
import * as logs from "aws-cdk-lib/aws-logs";
import * as s3 from "aws-cdk-lib/aws-s3";
import * as s3n from "aws-cdk-lib/aws-s3-notifications";
import * as sqs from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import * as path from "path";

export class ImagePipelineStack extends cdk.Stack {
  constructor(scope: Construct, id: string, props?: cdk.StackProps) {
    super(scope, id, props);
    const uploads = new s3.Bucket(this, "Uploads", { enforceSSL: true });
    const failures = new sqs.Queue(this, "ResizeFailures", { enforceSSL: true });

    const common = {
      architecture: lambda.Architecture.ARM_64,
      memorySize: 1024,
      timeout: cdk.Duration.seconds(30),
      environment: { BUCKET: uploads.bucketName },
    };
    // Ported from the SDK v2 "resize on upload" sample; the runtime was
    // bumped from nodejs16.x when it was deprecated.
    const resize = new lambda.Function(this, "Resize", {
      ...common,
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: "index.handler",
      code: lambda.Code.fromAsset(path.join(__dirname, "src", "resize")),
      logGroup: new logs.LogGroup(this, "ResizeLogs", { retention: logs.RetentionDays.ONE_MONTH }),
    });
    // The rewrite: SDK v3 (included in the runtime), client at init, errors rethrown.
    const thumbnail = new lambda.Function(this, "Thumbnail", {
      ...common,
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: "index.handler",
      code: lambda.Code.fromAsset(path.join(__dirname, "src", "thumbnail")),
      logGroup: new logs.LogGroup(this, "ThumbnailLogs", { retention: logs.RetentionDays.ONE_MONTH }),
    });
    for (const fn of [resize, thumbnail]) {
      uploads.grantReadWrite(fn);
      fn.configureAsyncInvoke({ onFailure: new destinations.SqsDestination(failures), retryAttempts: 2 });
    }
    uploads.addEventNotification(s3.EventType.OBJECT_CREATED, new s3n.LambdaDestination(resize), { prefix: "raw/" });
    uploads.addEventNotification(s3.EventType.OBJECT_CREATED, new s3n.LambdaDestination(thumbnail), { prefix: "incoming/" });
  }
}

const outdir = process.env.CORPUS_OUTDIR;
const app = new cdk.App(outdir ? { outdir } : {});
new ImagePipelineStack(app, "ImagePipeline");
if (outdir) app.synth();
