// A session service on ElastiCache with plain JavaScript handlers in one
// shared folder (lambda.Code.fromAsset of the whole folder, as the
// serverless-express samples do), one of which converts files with a
// child process.
import * as cdk from "aws-cdk-lib";
import * as apigw from "aws-cdk-lib/aws-apigateway";
import * as lambda from "aws-cdk-lib/aws-lambda";
import * as logs from "aws-cdk-lib/aws-logs";
import { Construct } from "constructs";
import * as path from "path";

export class SessionsStack extends cdk.Stack {
  constructor(scope: Construct, id: string, props?: cdk.StackProps) {
    super(scope, id, props);
    const code = lambda.Code.fromAsset(path.join(__dirname, "src", "handlers"));
    const api = new apigw.RestApi(this, "Api", { deploy: false });
    const fn = (name: string, handler: string) => {
      const f = new lambda.Function(this, name, {
        runtime: lambda.Runtime.NODEJS_22_X,
        architecture: lambda.Architecture.ARM_64,
        memorySize: 512,
        timeout: cdk.Duration.seconds(10),
        handler,
        code,
        environment: { REDIS_URL: "rediss://sessions.example.internal:6379" },
        logGroup: new logs.LogGroup(this, `${name}Logs`, { retention: logs.RetentionDays.ONE_MONTH }),
      });
      api.root.addResource(name.toLowerCase()).addMethod("POST", new apigw.LambdaIntegration(f));
      return f;
    };
    fn("Login", "login.handler");
    fn("Refresh", "refresh.handler");
    fn("Export", "export.handler");
  }
}

const outdir = process.env.CORPUS_OUTDIR;
const app = new cdk.App(outdir ? { outdir } : {});
new SessionsStack(app, "Sessions");
if (outdir) app.synth();
