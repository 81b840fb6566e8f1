// A REST API the way many teams write it: NodejsFunction with defaults,
// a token authorizer, a hand-built dashboard, a secret passed by value.
const cdk = require("aws-cdk-lib");
const lambda = require("aws-cdk-lib/aws-lambda");
const nodejs = require("aws-cdk-lib/aws-lambda-nodejs");
const apigw = require("aws-cdk-lib/aws-apigateway");
const cloudwatch = require("aws-cdk-lib/aws-cloudwatch");
const secretsmanager = require("aws-cdk-lib/aws-secretsmanager");
const path = require("path");

class OrdersApiStack extends cdk.Stack {
  constructor(scope, id, props) {
    super(scope, id, props);
    const db = new secretsmanager.Secret(this, "DbCredentials");

    // Exports a CSV of a customer's orders: "can take a while".
    const exportOrders = new nodejs.NodejsFunction(this, "ExportOrders", {
      entry: path.join(__dirname, "src", "export.js"),
      runtime: lambda.Runtime.NODEJS_24_X,
      timeout: cdk.Duration.seconds(120),
      environment: {
        AWS_NODEJS_CONNECTION_REUSE_ENABLED: "1",
        DB_PASSWORD: db.secretValueFromJson("password").unsafeUnwrap(),
      },
    });

    // The authorizer came over from an older service, callback style.
    const authorize = new nodejs.NodejsFunction(this, "Authorize", {
      entry: path.join(__dirname, "src", "authorize.js"),
      runtime: lambda.Runtime.NODEJS_24_X,
      timeout: cdk.Duration.seconds(120),
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

module.exports = { OrdersApiStack };

if (require.main === module) {
  const app = new cdk.App(process.env.CORPUS_OUTDIR ? { outdir: process.env.CORPUS_OUTDIR } : {});
  new OrdersApiStack(app, "OrdersApi");
  if (process.env.CORPUS_OUTDIR) app.synth(); // synthesized without the CLI, as in a unit test
}
