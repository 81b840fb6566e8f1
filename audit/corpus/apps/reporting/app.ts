// Nightly and office-hours reporting with hand-rolled provisioned-concurrency
// autoscaling, as copied from a blog post and then edited.
import * as cdk from "aws-cdk-lib";
import * as appscaling from "aws-cdk-lib/aws-applicationautoscaling";
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import * as lambda from "aws-cdk-lib/aws-lambda";
import * as nodejs from "aws-cdk-lib/aws-lambda-nodejs";
import { Construct } from "constructs";
import * as path from "path";

export interface ReportingStackProps extends cdk.StackProps {
  /** The export function's physical name, which its scaling target names by hand. */
  readonly exportFunctionName: string;
}

export class ReportingStack extends cdk.Stack {
  constructor(scope: Construct, id: string, props: ReportingStackProps) {
    super(scope, id, props);
    const common: Partial<nodejs.NodejsFunctionProps> = {
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: 1024,
      timeout: cdk.Duration.seconds(30),
    };

    const exporter = new nodejs.NodejsFunction(this, "Exporter", {
      ...common,
      functionName: props.exportFunctionName,
      entry: path.join(__dirname, "src", "report.ts"),
    });
    new lambda.Alias(this, "ExporterLive", { aliasName: "live", version: exporter.currentVersion });
    const target = new appscaling.ScalableTarget(this, "ExporterScaling", {
      serviceNamespace: appscaling.ServiceNamespace.LAMBDA,
      scalableDimension: "lambda:function:ProvisionedConcurrency",
      resourceId: `function:${props.exportFunctionName}:live`,
      minCapacity: 1,
      maxCapacity: 20,
    });
    target.scaleOnSchedule("MorningPeak", {
      schedule: appscaling.Schedule.expression("cron(0 11 ? * MON-FRI *))"),
      minCapacity: 10,
    });
    target.scaleToTrackMetric("Utilization", {
      targetValue: 0.7,
      customMetric: new cloudwatch.Metric({
        namespace: "AWS/Lambda",
        metricName: "ProvisionedConcurrencyUtilization",
        statistic: "Maximum",
        dimensionsMap: { FunctionName: exporter.functionName, Resource: `${exporter.functionName}:'provisioned` },
      }),
    });

    // The dashboard API: one environment warm for the 08:00 stand-up hour.
    const summary = new nodejs.NodejsFunction(this, "Summary", {
      ...common,
      entry: path.join(__dirname, "src", "report.ts"),
    });
    const live = summary.addAlias("live", { provisionedConcurrentExecutions: 1 });
    const scaling = live.addAutoScaling({ minCapacity: 0, maxCapacity: 5 });
    scaling.scaleOnUtilization({ utilizationTarget: 0.7 });
    scaling.scaleOnSchedule("StandUp", { schedule: appscaling.Schedule.cron({ hour: "8", minute: "0", weekDay: "MON-FRI" }), minCapacity: 1 });
    scaling.scaleOnSchedule("AfterStandUp", { schedule: appscaling.Schedule.cron({ hour: "9", minute: "0", weekDay: "MON-FRI" }), minCapacity: 0 });
  }
}

const outdir = process.env.CORPUS_OUTDIR;
const app = new cdk.App(outdir ? { outdir } : {});
new ReportingStack(app, "Reporting", { exportFunctionName: "reporting-export" });
if (outdir) app.synth();
