package sources

import (
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambdadestinations"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssqs"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/lambdaperf/lambdaperf/constructs/optimizedfn"
	"github.com/lambdaperf/lambdaperf/internal/problems"
)

// Async is the asynchronous invocation config of an optimized function's
// alias: retries, maximum event age and destinations.
type Async struct {
	constructs.Construct
	fn        *optimizedfn.Function
	plan      *AsyncPlan
	onFailure awssqs.IQueue // the created or given on-failure queue; nil otherwise
}

// NewAsync configures the asynchronous invocation of fn's alias as
// AsyncProps says, with an encrypted on-failure queue unless one is given.
// It is one-shot: a function takes one config, so a second call stops
// synthesis. The construct is a child of fn, so monitoring finds it.
func NewAsync(fn *optimizedfn.Function, id *string, props *AsyncProps) *Async {
	if props == nil {
		props = &AsyncProps{}
	}
	configured := fn.Alias().Node().TryFindChild(jsii.String("EventInvokeConfig")) != nil
	for _, c := range *fn.Node().Children() {
		if _, ok := c.(*Async); ok {
			configured = true
		}
	}
	var fifo []string
	for _, d := range []struct {
		name string
		dest *Destination
	}{{"OnFailure", props.OnFailure}, {"OnSuccess", props.OnSuccess}} {
		if d.dest != nil && d.dest.Queue != nil && d.dest.Queue.Fifo() != nil && *d.dest.Queue.Fifo() {
			fifo = append(fifo, d.name)
		}
	}
	plan, err := resolveAsync(problems.Path(fn, id), props, configured, fifo)
	if err != nil {
		panic(err)
	}
	a := &Async{fn: fn, plan: plan}
	constructs.NewConstruct_Override(a, fn, id)
	a.build(props)
	return a
}

func (a *Async) build(props *AsyncProps) {
	p := a.plan
	opts := &awslambda.EventInvokeConfigOptions{
		RetryAttempts: jsii.Number(p.RetryAttempts),
		MaxEventAge:   seconds(p.MaxEventAge),
	}
	if p.CreateOnFailure {
		a.onFailure = deadLetterQueue(a, "OnFailure", false, "Asynchronous events that failed every retry or grew too old")
		opts.OnFailure = awslambdadestinations.NewSqsDestination(a.onFailure)
	} else {
		a.onFailure = props.OnFailure.Queue
		opts.OnFailure = destination(props.OnFailure)
	}
	if props.OnSuccess != nil {
		opts.OnSuccess = destination(props.OnSuccess)
	}
	a.fn.Alias().ConfigureAsyncInvoke(opts)
}

func destination(d *Destination) awslambda.IDestination {
	switch {
	case d.Queue != nil:
		return awslambdadestinations.NewSqsDestination(d.Queue)
	case d.Topic != nil:
		return awslambdadestinations.NewSnsDestination(d.Topic)
	case d.EventBus != nil:
		return awslambdadestinations.NewEventBridgeDestination(d.EventBus)
	default:
		return awslambdadestinations.NewLambdaDestination(d.Function, nil)
	}
}

// OnFailure is the on-failure queue (created, or given as
// AsyncProps.OnFailure.Queue); nil when failures go elsewhere.
func (a *Async) OnFailure() awssqs.IQueue { return a.onFailure }

// Plan is the resolved configuration; the copy is the caller's.
func (a *Async) Plan() AsyncPlan { return *a.plan }

func (a *Async) watch() Watch {
	return Watch{Label: *a.Node().Id(), Kind: "async", FailureQueue: a.onFailure}
}
