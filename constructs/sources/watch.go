package sources

import (
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssqs"
)

// Watch is what monitoring graphs and alarms for one source of a function.
type Watch struct {
	// Label is the source construct's ID.
	Label string
	// Kind is "sqs", "kinesis", "dynamodb" or "async".
	Kind string
	// BatchSize configured on the mapping; 0 for async.
	BatchSize int
	// FailureQueue receives what the function could not process (the
	// dead-letter or on-failure queue); nil when that is a topic, a bus or
	// a function, or a given queue's own redrive.
	FailureQueue awssqs.IQueue
	// MappingID is the event source mapping's UUID (a token), the
	// dimension of its event-count metrics; nil for async.
	MappingID *string
}

type watched interface{ watch() Watch }

// Watches are the sources this package attached to fn, in the order they
// were attached. A Monitoring calls it for every function it watches when
// the app synthesizes.
func Watches(fn awslambda.IFunction) []Watch {
	scope := fn.Node().Scope()
	if scope == nil {
		return nil
	}
	path := *fn.Node().Path()
	var out []Watch
	for _, c := range *scope.Node().Children() {
		var owner string
		switch x := c.(type) {
		case *SQS:
			owner = *x.fn.Function().Node().Path()
		case *Stream:
			owner = *x.fn.Function().Node().Path()
		case *Async:
			owner = *x.fn.Function().Node().Path()
		default:
			continue
		}
		if owner == path {
			out = append(out, c.(watched).watch())
		}
	}
	return out
}
