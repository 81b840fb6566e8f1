package monitoring_test

import (
	"os"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awskinesis"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambdaeventsources"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslogs"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssns"
	"github.com/aws/jsii-runtime-go"

	"github.com/lambdaperf/lambdaperf/cdktest"
	"github.com/lambdaperf/lambdaperf/constructs/monitoring"
	"github.com/lambdaperf/lambdaperf/constructs/monitoring/monitoringtest"
)

func TestMain(m *testing.M) {
	code := m.Run()
	jsii.Close()
	os.Exit(code)
}

// fixture is one synthesis shared by the tests of this package (jsii is
// slow and not goroutine-safe): a stack with two plain functions and
// their Monitoring, and a second stack with an Overview of it.
type fixture struct {
	mon        *monitoring.Monitoring
	tpl        map[string]any // the functions' stack
	overview   map[string]any // the overview's stack
	dashboard  monitoringtest.Body
	overviewDB monitoringtest.Body
}

var (
	fixtureOnce sync.Once
	shared      *fixture
	fixtureErr  string
)

// Names of the fixture's functions.
const (
	streamFn = "Stream" // alias with provisioned concurrency, Kinesis source, JSON logs, arm64, 512 MiB
	asyncFn  = "Async"  // no alias, SNS subscription, nothing else known
)

func newApp(t testing.TB) awscdk.App {
	return awscdk.NewApp(&awscdk.AppProps{
		BuiltinCloudFormationValidation: jsii.Bool(false),
		Outdir:                          jsii.String(t.TempDir()),
	})
}

func inlineFunction(stack awscdk.Stack, id string, props *awslambda.FunctionProps) awslambda.Function {
	props.Runtime = awslambda.Runtime_NODEJS_24_X()
	props.Handler = jsii.String("index.handler")
	props.Code = awslambda.Code_FromInline(jsii.String("exports.handler = async () => 1"))
	return awslambda.NewFunction(stack, jsii.String(id), props)
}

func load(t *testing.T) *fixture {
	t.Helper()
	fixtureOnce.Do(func() {
		fixtureErr = cdktest.Panics(func() {
			app := newApp(t)
			stack := awscdk.NewStack(app, jsii.String("Functions"), nil)
			logs := awslogs.NewLogGroup(stack, jsii.String("StreamLogs"), &awslogs.LogGroupProps{Retention: awslogs.RetentionDays_ONE_WEEK})
			fa := inlineFunction(stack, streamFn, &awslambda.FunctionProps{
				MemorySize:       jsii.Number(512),
				Timeout:          awscdk.Duration_Seconds(jsii.Number(10)),
				Architecture:     awslambda.Architecture_ARM_64(),
				LoggingFormat:    awslambda.LoggingFormat_JSON,
				SystemLogLevelV2: awslambda.SystemLogLevel_INFO,
				LogGroup:         logs,
			})
			alias := fa.AddAlias(jsii.String("live"), &awslambda.AliasOptions{ProvisionedConcurrentExecutions: jsii.Number(2)})
			stream := awskinesis.NewStream(stack, jsii.String("Events"), nil)
			alias.AddEventSource(awslambdaeventsources.NewKinesisEventSource(stream, &awslambdaeventsources.KinesisEventSourceProps{
				StartingPosition: awslambda.StartingPosition_LATEST,
			}))
			fb := inlineFunction(stack, asyncFn, &awslambda.FunctionProps{Timeout: awscdk.Duration_Seconds(jsii.Number(30))})
			fb.AddEventSource(awslambdaeventsources.NewSnsEventSource(awssns.NewTopic(stack, jsii.String("Orders"), nil), nil))

			a := monitoring.FromFunction(fa, 10*time.Second)
			a.Alias, a.MemoryMiB, a.LogGroup = alias, 512, logs
			a.LatencySLO = 2 * time.Second
			a.Alarms.ErrorRate = map[string]monitoring.ErrorRateThreshold{"Warning": {MaxPercent: 1}, "Critical": {MaxPercent: 5}}
			mon := monitoring.New(stack, jsii.String("Monitoring"), &monitoring.Props{
				Title:     "Fixture",
				Functions: []monitoring.Target{a, monitoring.FromFunction(fb, 30*time.Second)},
			})
			platform := awscdk.NewStack(app, jsii.String("Platform"), nil)
			monitoring.NewOverview(platform, jsii.String("Overview"), &monitoring.OverviewProps{Monitorings: []*monitoring.Monitoring{mon}})

			f := &fixture{mon: mon, tpl: cdktest.Template(t, stack), overview: cdktest.Template(t, platform)}
			f.dashboard = onlyDashboard(t, f.tpl)
			f.overviewDB = onlyDashboard(t, f.overview)
			shared = f
		})
	})
	if fixtureErr != "" {
		t.Fatalf("fixture synthesis failed: %s", fixtureErr)
	}
	return shared
}

func onlyDashboard(t testing.TB, tpl map[string]any) monitoringtest.Body {
	t.Helper()
	ds, err := monitoringtest.Dashboards(tpl)
	if err != nil {
		t.Fatal(err)
	}
	if len(ds) != 1 {
		t.Fatalf("%d dashboards, want 1", len(ds))
	}
	for _, d := range ds {
		return d
	}
	return monitoringtest.Body{}
}
