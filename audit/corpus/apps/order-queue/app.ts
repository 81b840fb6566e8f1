// Order processing behind SQS, as the queue-worker samples write it:
// NodejsFunction consumers, SqsEventSource with its defaults, one queue
// with a dead-letter queue and two without.
import * as cdk from "aws-cdk-lib";
import * as lambda from "aws-cdk-lib/aws-lambda";
import * as sources from "aws-cdk-lib/aws-lambda-event-sources";
import * as nodejs from "aws-cdk-lib/aws-lambda-nodejs";
import * as logs from "aws-cdk-lib/aws-logs";
import * as sqs from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import * as path from "path";

export class OrderQueueStack extends cdk.Stack {
  constructor(scope: Construct, id: string, props?: cdk.StackProps) {
    super(scope, id, props);
    const worker = (name: string, file: string): nodejs.NodejsFunction =>
      new nodejs.NodejsFunction(this, name, {
        entry: path.join(__dirname, "src", file),
        runtime: lambda.Runtime.NODEJS_24_X,
        architecture: lambda.Architecture.ARM_64,
        memorySize: 1024,
        timeout: cdk.Duration.seconds(30),
        logGroup: new logs.LogGroup(this, `${name}Logs`, { retention: logs.RetentionDays.TWO_WEEKS }),
      });
    const queue = (name: string, dlq?: sqs.DeadLetterQueue) =>
      new sqs.Queue(this, name, { visibilityTimeout: cdk.Duration.seconds(180), enforceSSL: true, deadLetterQueue: dlq });

    // New orders: the handler was written against a test event with one record.
    const orders = queue("Orders");
    worker("ProcessOrder", "process-order.ts").addEventSource(new sources.SqsEventSource(orders));

    // Payments: partial batch responses in the code, not on the mapping.
    const paymentsDlq = new sqs.Queue(this, "PaymentsDLQ", { enforceSSL: true });
    const payments = queue("Payments", { queue: paymentsDlq, maxReceiveCount: 5 });
    worker("ProcessPayment", "process-payment.ts").addEventSource(new sources.SqsEventSource(payments, { batchSize: 10 }));

    // Refunds: the clean twin.
    const refundsDlq = new sqs.Queue(this, "RefundsDLQ", { enforceSSL: true });
    const refunds = queue("Refunds", { queue: refundsDlq, maxReceiveCount: 5 });
    worker("ProcessRefund", "process-refund.ts").addEventSource(new sources.SqsEventSource(refunds, { batchSize: 10, reportBatchItemFailures: true }));
  }
}

const outdir = process.env.CORPUS_OUTDIR;
const app = new cdk.App(outdir ? { outdir } : {});
new OrderQueueStack(app, "OrderQueue");
if (outdir) app.synth();
