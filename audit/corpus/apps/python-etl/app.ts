// A Kinesis ETL in Python, as the data-pipeline samples write it:
// lambda.Function with Code.fromAsset per step, boto3 from the runtime.
import * as cdk from "aws-cdk-lib";
import * as kinesis from "aws-cdk-lib/aws-kinesis";
import * as lambda from "aws-cdk-lib/aws-lambda";
import * as sources from "aws-cdk-lib/aws-lambda-event-sources";
import * as logs from "aws-cdk-lib/aws-logs";
import * as sqs from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import * as path from "path";

export class PythonEtlStack extends cdk.Stack {
  constructor(scope: Construct, id: string, props?: cdk.StackProps) {
    super(scope, id, props);
    const stream = new kinesis.Stream(this, "Clicks", { shardCount: 1 });
    const failures = new sqs.Queue(this, "StreamFailures", { enforceSSL: true });
    const step = (name: string, handler: string, runtime = lambda.Runtime.PYTHON_3_12) =>
      new lambda.Function(this, name, {
        runtime,
        architecture: lambda.Architecture.ARM_64,
        memorySize: 512,
        timeout: cdk.Duration.seconds(60),
        handler,
        code: lambda.Code.fromAsset(path.join(__dirname, "src", name.toLowerCase())),
        environment: { TABLE_NAME: "clicks" },
        logGroup: new logs.LogGroup(this, `${name}Logs`, { retention: logs.RetentionDays.ONE_MONTH }),
      });
    const onStream = (fn: lambda.Function, extra: Partial<sources.KinesisEventSourceProps> = {}) =>
      fn.addEventSource(new sources.KinesisEventSource(stream, {
        startingPosition: lambda.StartingPosition.LATEST,
        batchSize: 100,
        retryAttempts: 3,
        maxRecordAge: cdk.Duration.hours(1),
        onFailure: new sources.SqsDlq(failures),
        ...extra,
      }));

    onStream(step("Ingest", "app.handler"));
    // The console's default handler name; the file defines handler.
    onStream(step("Transform", "app.lambda_handler"), { reportBatchItemFailures: true });
    onStream(step("Load", "app.handler"), { reportBatchItemFailures: true });
    // A nightly archive job nobody has touched since 2021.
    step("Archive", "app.handler", lambda.Runtime.PYTHON_3_7);
  }
}

const outdir = process.env.CORPUS_OUTDIR;
const app = new cdk.App(outdir ? { outdir } : {});
new PythonEtlStack(app, "PythonEtl");
if (outdir) app.synth();
