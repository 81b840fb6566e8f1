// Event-driven services in TypeScript with minified bundles and source
// maps, as the EventBridge samples write them; one function keeps the SDK
// v2 it was written with, external as older CDK defaults made it.
import * as cdk from "aws-cdk-lib";
import * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import * as events from "aws-cdk-lib/aws-events";
import * as targets from "aws-cdk-lib/aws-events-targets";
import * as lambda from "aws-cdk-lib/aws-lambda";
import * as sources from "aws-cdk-lib/aws-lambda-event-sources";
import * as nodejs from "aws-cdk-lib/aws-lambda-nodejs";
import * as logs from "aws-cdk-lib/aws-logs";
import * as sqs from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import * as path from "path";

export class EventsStack extends cdk.Stack {
  constructor(scope: Construct, id: string, props?: cdk.StackProps) {
    super(scope, id, props);
    const table = new dynamodb.Table(this, "Accounts", {
      partitionKey: { name: "id", type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      stream: dynamodb.StreamViewType.NEW_AND_OLD_IMAGES,
    });
    const failures = new sqs.Queue(this, "Failures", { enforceSSL: true });
    const fn = (name: string, file: string, extra: Partial<nodejs.NodejsFunctionProps> = {}) =>
      new nodejs.NodejsFunction(this, name, {
        entry: path.join(__dirname, "src", file),
        runtime: lambda.Runtime.NODEJS_22_X,
        architecture: lambda.Architecture.ARM_64,
        memorySize: 1024,
        timeout: cdk.Duration.seconds(20),
        logGroup: new logs.LogGroup(this, `${name}Logs`, { retention: logs.RetentionDays.ONE_MONTH }),
        bundling: { minify: true, sourceMap: true },
        ...extra,
      });

    const auditLog = fn("AuditLog", "audit-log.ts");
    auditLog.addEventSource(new sources.DynamoEventSource(table, {
      startingPosition: lambda.StartingPosition.TRIM_HORIZON,
      batchSize: 25,
      retryAttempts: 5,
      maxRecordAge: cdk.Duration.hours(6),
      onFailure: new sources.SqsDlq(failures),
      reportBatchItemFailures: true,
    }));

    const bus = new events.EventBus(this, "Bus");
    const onSignup = new events.Rule(this, "OnSignup", { eventBus: bus, eventPattern: { detailType: ["AccountCreated"] } });
    onSignup.addTarget(new targets.LambdaFunction(fn("Welcome", "welcome.ts"), { deadLetterQueue: failures, retryAttempts: 2 }));
    onSignup.addTarget(new targets.LambdaFunction(fn("Webhook", "webhook.ts", {
      runtime: lambda.Runtime.NODEJS_20_X,
      bundling: { minify: true, sourceMap: true, externalModules: ["aws-sdk"] },
    }), { deadLetterQueue: failures, retryAttempts: 2 }));
  }
}

const outdir = process.env.CORPUS_OUTDIR;
const app = new cdk.App(outdir ? { outdir } : {});
new EventsStack(app, "Events");
if (outdir) app.synth();
