// A REST API the way many teams write it: NodejsFunction with defaults,
// a token authorizer, a hand-built dashboard, a secret passed by value.
import * as cdk from "aws-cdk-lib";
import * as apigw from "aws-cdk-lib/aws-apigateway";
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import * as lambda from "aws-cdk-lib/aws-lambda";
import * as nodejs from "aws-cdk-lib/aws-lambda-nodejs";
import * as secretsmanager from "aws-cdk-lib/aws-secretsmanager";
import { Construct } from "constructs";
import * as path from "path";

export interface OrdersApiStackProps extends cdk.StackProps {
  /** How long the export and the authorizer may run: "can take a while". */
  readonly timeout: cdk.Duration;
}

export class OrdersApiStack extends cdk.Stack {
  constructor(scope: Construct, id: string, props: OrdersApiStackProps) {
    super(scope, id, props);
    const db = new secretsmanager.Secret(this, "DbCredentials");

    // Exports a CSV of a customer's orders.
    const exportOrders = new nodejs.NodejsFunction(this, "ExportOrders", {
      entry: path.join(__dirname, "src", "export.ts"),
      runtime: lambda.Runtime.NODEJS_24_X,
      timeout: props.timeout,
      environment: {
        AWS_NODEJS_CONNECTION_REUSE_ENABLED: "1",
        DB_PASSWORD: db.secretValueFromJson("password").unsafeUnwrap(),
      },
    });

    // The authorizer came over from an older service, callback style.
    const authorize = new nodejs.NodejsFunction(this, "Authorize", {
      entry: path.join(__dirname, "src", "authorize.ts"),
      runtime: lambda.Runtime.NODEJS_24_X,
      timeout: props.timeout,
      memorySize: 512,
      architecture: lambda.Architecture.ARM_64,
    });

    const api = new apigw.RestApi(this, "OrdersApi", { deploy: false });
    const auth = new apigw.TokenAuthorizer(this, "TokenAuth", { handler: authorize });
    api.root.addResource("export").addMethod("GET", new apigw.LambdaIntegration(exportOrders), { authorizer: auth });

    new cloudwatch.Dashboard(this, "OrdersDashboard", {
      widgets: [[
        new cloudwatch.GraphWidget({ title: "Export duration", left: [exportOrders.metricDuration()] }),
        new cloudwatch.GraphWidget({ title: "Authorizer latency", left: [authorize.metricDuration({ statistic: "p99" })] }),
      ]],
    });
  }
}

const outdir = process.env.CORPUS_OUTDIR;
const app = new cdk.App(outdir ? { outdir } : {});
new OrdersApiStack(app, "OrdersApi", { timeout: cdk.Duration.seconds(120) });
if (outdir) app.synth();
