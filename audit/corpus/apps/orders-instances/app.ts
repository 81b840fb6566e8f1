// An orders service moved onto Lambda Managed Instances the way the launch
// blog posts show it: a VPC, a capacity provider on Graviton instances,
// and NodejsFunction and Python functions added to it with
// capacityProvider.addFunction(). Two handlers were written for on-demand
// Lambda, where an environment serves one invocation at a time, and
// carried over unchanged (request state at module level, fixed file names
// in /tmp); their twins were written for concurrent invocations. The old
// checkout function still runs on demand beside the new one.
import * as cdk from "aws-cdk-lib";
import * as ec2 from "aws-cdk-lib/aws-ec2";
import * as lambda from "aws-cdk-lib/aws-lambda";
import * as nodejs from "aws-cdk-lib/aws-lambda-nodejs";
import * as logs from "aws-cdk-lib/aws-logs";
import { Construct } from "constructs";
import * as path from "path";

export class OrdersInstancesStack extends cdk.Stack {
  constructor(scope: Construct, id: string, props?: cdk.StackProps) {
    super(scope, id, props);
    const vpc = new ec2.Vpc(this, "Vpc", { maxAzs: 2, natGateways: 1 });
    const instances = new ec2.SecurityGroup(this, "Instances", { vpc, description: "Lambda Managed Instances", allowAllOutbound: true });
    const capacity = new lambda.CapacityProvider(this, "Capacity", {
      subnets: vpc.privateSubnets,
      securityGroups: [instances],
      architectures: [lambda.Architecture.ARM_64],
      maxVCpuCount: 32,
    });

    const logGroup = (name: string) => new logs.LogGroup(this, `${name}Logs`, { retention: logs.RetentionDays.ONE_MONTH });
    const node = (name: string, file: string, bundling: nodejs.BundlingOptions) =>
      new nodejs.NodejsFunction(this, name, {
        entry: path.join(__dirname, "src", file),
        runtime: lambda.Runtime.NODEJS_22_X,
        architecture: lambda.Architecture.ARM_64,
        memorySize: 2048,
        timeout: cdk.Duration.seconds(10),
        logGroup: logGroup(name),
        bundling,
      });
    const python = (name: string, folder: string) =>
      new lambda.Function(this, name, {
        runtime: lambda.Runtime.PYTHON_3_13,
        architecture: lambda.Architecture.ARM_64,
        memorySize: 4096,
        timeout: cdk.Duration.seconds(30),
        handler: "app.handler",
        code: lambda.Code.fromAsset(path.join(__dirname, "src", "python", folder)),
        logGroup: logGroup(name),
      });

    // Minified with source maps, as the samples bundle them.
    const mapped = { minify: true, sourceMap: true };
    capacity.addFunction(node("Checkout", "checkout.ts", mapped));
    capacity.addFunction(node("Pricing", "pricing.ts", mapped));
    // NodejsFunction's defaults: not minified.
    capacity.addFunction(node("Receipts", "receipts.ts", {}));
    capacity.addFunction(node("Invoices", "invoices.ts", {}));
    // Python: 4 GiB per vCPU, as AWS suggests for Python's processes.
    capacity.addFunction(python("Thumbnails", "thumbnails"), { executionEnvironmentMemoryGiBPerVCpu: 4 });
    capacity.addFunction(python("Resize", "resize"), { executionEnvironmentMemoryGiBPerVCpu: 4 });
    // The old checkout, still on demand: one invocation per environment.
    node("LegacyCheckout", "checkout.ts", mapped);
  }
}

const outdir = process.env.CORPUS_OUTDIR;
const app = new cdk.App(outdir ? { outdir } : {});
new OrdersInstancesStack(app, "OrdersInstances");
if (outdir) app.synth();
