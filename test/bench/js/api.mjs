// The resources of lambdaperf's reference API stack (stacks.NewAPIStack)
// written directly with aws-cdk-lib in JavaScript: the baseline of the
// synth-time benchmark in test/bench (synth_test.go runs it with node). It
// builds the same construct tree (same ids, so the same logical IDs and,
// asset hashes aside, the same template: the benchmark fails otherwise),
// with the same bundling: esbuild and `go build` run locally through a
// local bundling (tryBundle), as a user writes it by hand. It writes the
// metadata lambdaperf asks cdk-nag to write by hand. Its one argument is the
// repository root; CDK_OUTDIR and CDK_CONTEXT_JSON set the output folder and
// context, as the CDK CLI does. It prints one "phase <name> <unix ns>" line
// per phase. Imports load before the first statement runs, so "main" here
// comes after aws-cdk-lib is loaded.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import * as cdk from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

const phase = (name) => {
  const ns = BigInt(Math.round((performance.timeOrigin + performance.now()) * 1e3)) * 1000n;
  process.stdout.write(`phase ${name} ${ns}\n`);
};
phase('main');

const repo = process.argv[2];
if (!repo) {
  console.error('usage: node api.mjs <repository root>');
  process.exit(2);
}

// optimizedfn.GoBuildFlags, written out: the benchmark checks that every
// build produces the same asset.
const goFlags = ['-trimpath', '-buildvcs=false', '-tags', 'lambda.norpc', '-ldflags', '-s -w'];
const xrayReason = 'xray:PutTraceSegments and xray:PutTelemetryRecords support no resource-level permissions, so active tracing needs Resource *';
const dlqReason = 'Invoked synchronously through its Function URL: errors return to the caller, and a DLQ only ever receives asynchronous events';

const app = new cdk.App();
phase('app');
const stack = new cdk.Stack(app, 'LambdaPerfApi');

const table = new dynamodb.Table(stack, 'Items', {
  partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
  billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
  encryption: dynamodb.TableEncryption.AWS_MANAGED,
  pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
});
const environment = { TABLE_NAME: table.tableName };
phase('table');

// A function's log group (one month) and execution role, allowed to write
// to that log group only.
function logsAndRole(scope, path) {
  const logGroup = new logs.LogGroup(scope, 'LogGroup', { retention: logs.RetentionDays.ONE_MONTH });
  const role = new iam.Role(scope, 'Role', {
    assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    description: `Execution role of ${path}`,
  });
  logGroup.grantWrite(role);
  return { logGroup, role };
}

const common = (logGroup, role) => ({
  role,
  timeout: cdk.Duration.seconds(10),
  architecture: lambda.Architecture.ARM_64,
  environment,
  tracing: lambda.Tracing.ACTIVE,
  logGroup,
  loggingFormat: lambda.LoggingFormat.JSON,
  applicationLogLevelV2: lambda.ApplicationLogLevel.INFO,
  systemLogLevelV2: lambda.SystemLogLevel.INFO,
});

// The metadata lambdaperf writes: the expected duration on the function,
// and cdk-nag's suppression of X-Ray's Resource * on its role's policy.
function annotate(fn, expectedDurationMs) {
  fn.node.defaultChild.addMetadata('lambdaperf', { expectedDurationMs });
  fn.role.node.findChild('DefaultPolicy').node.defaultChild.addMetadata('cdk_nag', {
    rules_to_suppress: [{ reason: xrayReason, id: 'AwsSolutions-IAM5', applies_to: ['Resource::*'] }],
  });
}

// esbuild's arguments for a Node.js handler, as one writes them by hand
// for the playbook: ESM for Node.js 24, minified and tree-shaken, split
// into chunks at each import(), the AWS SDK bundled (no --external), a
// `require` for the CommonJS dependencies esbuild cannot convert.
const esbuildArgs = [
  '--bundle', '--platform=node', '--target=node24', '--minify', '--main-fields=module,main', '--log-level=warning',
  '--format=esm', '--splitting', '--entry-names=index', '--chunk-names=[name]-[hash]', '--out-extension:.js=.mjs',
  "--banner:js=import{createRequire}from'module';const require=createRequire(import.meta.url);",
];

// Node.js: ESM split at import(), minified, with the AWS SDK bundled, built
// by esbuild (from PATH) on this machine: NodejsFunction cannot split (it
// gives esbuild one --outfile). Provisioned concurrency auto-scaled from 1
// to 10 with two schedules, provisioned by the scalable target alone (no
// static value on the alias).
const nodeScope = new Construct(stack, 'NodeApi');
const node = logsAndRole(nodeScope, 'LambdaPerfApi/NodeApi');
const nodeEntry = join(repo, 'functions', 'node', 'api', 'index.ts');
const nodeFn = new lambda.Function(nodeScope, 'Function', {
  ...common(node.logGroup, node.role),
  memorySize: 512,
  description: 'Reference Node.js API: esbuild-minified ESM, SDK bundled, split at import()',
  runtime: lambda.Runtime.NODEJS_24_X,
  handler: 'index.handler',
  code: lambda.Code.fromAsset(repo, {
    assetHashType: cdk.AssetHashType.OUTPUT,
    bundling: {
      image: cdk.DockerImage.fromRegistry('local-bundling-only'),
      local: {
        tryBundle(outputDir) {
          execFileSync('esbuild', [nodeEntry, `--outdir=${outputDir}`, ...esbuildArgs], {
            cwd: repo,
            stdio: ['ignore', 'inherit', 'inherit'],
          });
          return true;
        },
      },
    },
  }),
});
phase('nodejs'); // the Node.js function, bundled with esbuild
const nodeAlias = nodeFn.addAlias('live');
const scaling = nodeAlias.addAutoScaling({ minCapacity: 1, maxCapacity: 10 });
scaling.scaleOnUtilization({ utilizationTarget: 0.7 });
scaling.scaleOnSchedule('BusinessHoursStart', {
  schedule: appscaling.Schedule.expression('cron(0 8 ? * MON-FRI *)'),
  minCapacity: 5,
});
scaling.scaleOnSchedule('BusinessHoursEnd', {
  schedule: appscaling.Schedule.expression('cron(0 18 ? * MON-FRI *)'),
  minCapacity: 1,
});
annotate(nodeFn, 25);
table.grantReadWriteData(nodeFn);

// Go: `bootstrap` on provided.al2023, built locally for arm64.
const goScope = new Construct(stack, 'GoApi');
const go = logsAndRole(goScope, 'LambdaPerfApi/GoApi');
const goEnv = { GOOS: 'linux', GOARCH: 'arm64', CGO_ENABLED: '0' };
const goFn = new lambda.Function(goScope, 'Function', {
  ...common(go.logGroup, go.role),
  memorySize: 256,
  description: 'Reference Go API: lean bootstrap on provided.al2023',
  runtime: lambda.Runtime.PROVIDED_AL2023,
  handler: 'bootstrap',
  code: lambda.Code.fromAsset(join(repo, 'functions', 'go', 'cmd', 'api'), {
    assetHashType: cdk.AssetHashType.OUTPUT,
    bundling: {
      image: cdk.DockerImage.fromRegistry('local-bundling-only'),
      environment: goEnv,
      local: {
        tryBundle(outputDir) {
          execFileSync('go', ['build', ...goFlags, '-o', join(outputDir, 'bootstrap'), './cmd/api'], {
            cwd: join(repo, 'functions', 'go'),
            env: { ...process.env, ...goEnv },
            stdio: ['ignore', 'inherit', 'inherit'],
          });
          return true;
        },
      },
    },
  }),
});
const goAlias = goFn.addAlias('live');
annotate(goFn, 15);
table.grantReadData(goFn);

for (const [scope, fn, alias] of [[nodeScope, nodeFn, nodeAlias], [goScope, goFn, goAlias]]) {
  fn.node.defaultChild.addMetadata('cdk_nag', { rules_to_suppress: [{ reason: dlqReason, id: 'Serverless-LambdaDLQ' }] });
  const url = alias.addFunctionUrl({ authType: lambda.FunctionUrlAuthType.AWS_IAM });
  new cdk.CfnOutput(scope, 'Url', { value: url.url, description: 'Function URL (IAM auth) on the live alias' });
}
phase('stack');
app.synth();
phase('synth');
