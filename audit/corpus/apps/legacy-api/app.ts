// A REST API moved over from a Serverless Framework service: handlers
// named as they were there, callback style, and runtimes bumped one at a
// time.
import * as cdk from "aws-cdk-lib";
import * as apigw from "aws-cdk-lib/aws-apigateway";
import * as lambda from "aws-cdk-lib/aws-lambda";
import * as nodejs from "aws-cdk-lib/aws-lambda-nodejs";
import * as logs from "aws-cdk-lib/aws-logs";
import { Construct } from "constructs";
import * as path from "path";

export class LegacyApiStack extends cdk.Stack {
  constructor(scope: Construct, id: string, props?: cdk.StackProps) {
    super(scope, id, props);
    const api = new apigw.RestApi(this, "Api", { deploy: false });
    const route = (name: string, file: string, method: string, extra: Partial<nodejs.NodejsFunctionProps> = {}) => {
      const fn = new nodejs.NodejsFunction(this, name, {
        entry: path.join(__dirname, "src", file),
        runtime: lambda.Runtime.NODEJS_24_X,
        architecture: lambda.Architecture.ARM_64,
        memorySize: 512,
        timeout: cdk.Duration.seconds(10),
        logGroup: new logs.LogGroup(this, `${name}Logs`, { retention: logs.RetentionDays.ONE_MONTH }),
        ...extra,
      });
      api.root.addResource(name.toLowerCase()).addMethod(method, new apigw.LambdaIntegration(fn));
      return fn;
    };
    // serverless.yml said handler: users.main; the file exports handler.
    route("Users", "users.ts", "GET", { handler: "main" });
    // Callback style, bumped to Node.js 24 with the rest.
    route("Health", "health.ts", "GET");
    // Callback style, still on Node.js 22.
    route("Profile", "profile.ts", "GET", { runtime: lambda.Runtime.NODEJS_22_X });
    // The rewritten twin.
    route("Status", "status.ts", "GET");
  }
}

const outdir = process.env.CORPUS_OUTDIR;
const app = new cdk.App(outdir ? { outdir } : {});
new LegacyApiStack(app, "LegacyApi");
if (outdir) app.synth();
