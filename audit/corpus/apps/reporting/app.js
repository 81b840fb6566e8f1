// Nightly and office-hours reporting with hand-rolled provisioned-concurrency
// autoscaling, as copied from a blog post and then edited.
const cdk = require("aws-cdk-lib");
const lambda = require("aws-cdk-lib/aws-lambda");
const nodejs = require("aws-cdk-lib/aws-lambda-nodejs");
const appscaling = require("aws-cdk-lib/aws-applicationautoscaling");
const cloudwatch = require("aws-cdk-lib/aws-cloudwatch");
const path = require("path");

class ReportingStack extends cdk.Stack {
  constructor(scope, id, props) {
    super(scope, id, props);
    const common = {
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: 1024,
      timeout: cdk.Duration.seconds(30),
    };

    const exporter = new nodejs.NodejsFunction(this, "Exporter", {
      ...common,
      functionName: "reporting-export",
      entry: path.join(__dirname, "src", "report.js"),
    });
    new lambda.Alias(this, "ExporterLive", { aliasName: "live", version: exporter.currentVersion });
    const target = new appscaling.ScalableTarget(this, "ExporterScaling", {
      serviceNamespace: appscaling.ServiceNamespace.LAMBDA,
      scalableDimension: "lambda:function:ProvisionedConcurrency",
      resourceId: "function:reporting-export:live",
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
      entry: path.join(__dirname, "src", "report.js"),
    });
    const live = summary.addAlias("live", { provisionedConcurrentExecutions: 1 });
    const scaling = live.addAutoScaling({ minCapacity: 0, maxCapacity: 5 });
    scaling.scaleOnUtilization({ utilizationTarget: 0.7 });
    scaling.scaleOnSchedule("StandUp", { schedule: appscaling.Schedule.cron({ hour: "8", minute: "0", weekDay: "MON-FRI" }), minCapacity: 1 });
    scaling.scaleOnSchedule("AfterStandUp", { schedule: appscaling.Schedule.cron({ hour: "9", minute: "0", weekDay: "MON-FRI" }), minCapacity: 0 });
  }
}

module.exports = { ReportingStack };

if (require.main === module) {
  const app = new cdk.App(process.env.CORPUS_OUTDIR ? { outdir: process.env.CORPUS_OUTDIR } : {});
  new ReportingStack(app, "Reporting");
  if (process.env.CORPUS_OUTDIR) app.synth();
}
