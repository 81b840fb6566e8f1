package assembly

import (
	"encoding/json"
	"slices"
	"strings"
)

// EventSources are the event-source and asynchronous-invocation resources
// of one template (Stack.EventSources): event source mappings, the SQS
// queues they read, async invoke configs and the permissions of services
// that invoke asynchronously. The advisor's batch and async rules and the
// report's batching estimate read them.
type EventSources struct {
	// Mappings are the stack's event source mappings.
	Mappings []*Mapping
	// Queues by logical ID.
	Queues map[string]*Queue
	// InvokeConfigs by the logical ID of the function they configure.
	InvokeConfigs map[string][]*InvokeConfig
	// AsyncInvokers holds, by function logical ID, the async services
	// (s3.amazonaws.com, sns.amazonaws.com ...) allowed to invoke it.
	AsyncInvokers map[string][]string
	// DeadLetterTarget marks the functions with a DeadLetterConfig.
	DeadLetterTarget map[string]bool
}

// Mapping is an AWS::Lambda::EventSourceMapping.
type Mapping struct {
	// LogicalID of the mapping.
	LogicalID string
	// Function is the logical ID of the function it invokes (through an
	// alias or version of the template); "" when outside the template.
	Function string
	// Kind is "sqs", "kinesis", "dynamodb" or "" for other sources.
	Kind string
	// Queue is the logical ID of the SQS queue it reads; "" when outside
	// the template.
	Queue string
	// BatchSize of the mapping.
	BatchSize    Value[int]
	PartialBatch bool // FunctionResponseTypes has ReportBatchItemFailures
	OnFailure    bool // DestinationConfig.OnFailure is set
	// RetryAttempts is MaximumRetryAttempts (stream sources; -1 for
	// infinite).
	RetryAttempts Value[int]
	// MaxRecordAge is MaximumRecordAgeInSeconds (stream sources; -1 for
	// infinite).
	MaxRecordAge Value[int]
}

// Queue is an AWS::SQS::Queue.
type Queue struct {
	// LogicalID of the queue.
	LogicalID string
	// VisibilitySec is the visibility timeout, SQS's 30 s when unset.
	VisibilitySec Value[int]
	// MaxReceiveCount is the RedrivePolicy's maxReceiveCount: not Set when
	// the queue has no redrive policy (no dead-letter queue).
	MaxReceiveCount Value[int]
}

// InvokeConfig is an AWS::Lambda::EventInvokeConfig.
type InvokeConfig struct {
	// LogicalID of the config.
	LogicalID string
	// OnFailure says DestinationConfig.OnFailure is set.
	OnFailure bool
}

// The resource types of event sources and asynchronous invocation.
const (
	typeQueue               = "AWS::SQS::Queue"
	typeEventSourceMapping  = "AWS::Lambda::EventSourceMapping"
	typeEventInvokeConfig   = "AWS::Lambda::EventInvokeConfig"
	typePermission          = "AWS::Lambda::Permission"
	typeKinesisStream       = "AWS::Kinesis::Stream"
	typeKinesisConsumer     = "AWS::Kinesis::StreamConsumer"
	typeDynamoDBTable       = "AWS::DynamoDB::Table"
	typeDynamoDBGlobalTable = "AWS::DynamoDB::GlobalTable"
)

// asyncServices invoke Lambda asynchronously
// (https://docs.aws.amazon.com/lambda/latest/dg/invocation-async.html).
var asyncServices = []string{"s3.", "sns.", "events.", "logs.", "ses.", "iot.", "codecommit.", "config."}

func readEventSources(resources map[string]any) *EventSources {
	s := &EventSources{Queues: map[string]*Queue{}, InvokeConfigs: map[string][]*InvokeConfig{},
		AsyncInvokers: map[string][]string{}, DeadLetterTarget: map[string]bool{}}
	ids := make([]string, 0, len(resources))
	for id := range resources {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		res, _ := resources[id].(map[string]any)
		props, _ := res["Properties"].(map[string]any)
		switch typ, _ := res["Type"].(string); typ {
		case typeQueue:
			q := &Queue{LogicalID: id, VisibilitySec: toInt(props["VisibilityTimeout"]), MaxReceiveCount: maxReceiveCount(props["RedrivePolicy"])}
			if !q.VisibilitySec.Set {
				q.VisibilitySec = KnownValue(30)
			}
			s.Queues[id] = q
		case typeFunction:
			if dlc, _ := props["DeadLetterConfig"].(map[string]any); dlc["TargetArn"] != nil {
				s.DeadLetterTarget[id] = true
			}
		case typeEventSourceMapping:
			s.Mappings = append(s.Mappings, readMapping(id, props, resources))
		case typeEventInvokeConfig:
			if fn := functionOf(props["FunctionName"], resources); fn != "" {
				dc, _ := props["DestinationConfig"].(map[string]any)
				s.InvokeConfigs[fn] = append(s.InvokeConfigs[fn], &InvokeConfig{LogicalID: id, OnFailure: dc["OnFailure"] != nil})
			}
		case typePermission:
			principal, _ := props["Principal"].(string)
			for _, svc := range asyncServices {
				if strings.HasPrefix(principal, svc) {
					if fn := functionOf(props["FunctionName"], resources); fn != "" {
						s.AsyncInvokers[fn] = append(s.AsyncInvokers[fn], principal)
					}
				}
			}
		}
	}
	return s
}

func readMapping(id string, props, resources map[string]any) *Mapping {
	m := &Mapping{LogicalID: id, Function: functionOf(props["FunctionName"], resources),
		BatchSize: toInt(props["BatchSize"]), RetryAttempts: toInt(props["MaximumRetryAttempts"]), MaxRecordAge: toInt(props["MaximumRecordAgeInSeconds"])}
	types, _ := props["FunctionResponseTypes"].([]any)
	m.PartialBatch = slices.Contains(types, any("ReportBatchItemFailures"))
	dc, _ := props["DestinationConfig"].(map[string]any)
	m.OnFailure = dc["OnFailure"] != nil
	// The source: a GetAtt of a resource of the template, or an ARN.
	switch arn := props["EventSourceArn"].(type) {
	case string:
		for _, k := range []string{"sqs", "kinesis", "dynamodb"} {
			if strings.Contains(arn, ":"+k+":") {
				m.Kind = k
			}
		}
	case map[string]any:
		if ga, ok := arn["Fn::GetAtt"].([]any); ok && len(ga) == 2 {
			ref, _ := ga[0].(string)
			res, _ := resources[ref].(map[string]any)
			switch typ, _ := res["Type"].(string); typ {
			case typeQueue:
				m.Kind, m.Queue = "sqs", ref
			case typeKinesisStream, typeKinesisConsumer:
				m.Kind = "kinesis"
			case typeDynamoDBTable, typeDynamoDBGlobalTable:
				m.Kind = "dynamodb"
			}
		}
	}
	return m
}

// functionOf is the logical ID of the function a FunctionName value
// names: a Ref or GetAtt of a function, or of an alias or version of one,
// also inside other intrinsics (CDK renders an alias as
// {"Fn::Join": [..., {"Fn::Select": [6, {"Fn::Split": [":", {"Ref":
// alias}]}]}, ...]}); "" otherwise.
func functionOf(v any, resources map[string]any) string {
	return functionOfDepth(v, resources, 0)
}

func functionOfDepth(v any, resources map[string]any, depth int) string {
	if depth > 8 {
		return ""
	}
	switch t := v.(type) {
	case []any:
		for _, x := range t {
			if fn := functionOfDepth(x, resources, depth+1); fn != "" {
				return fn
			}
		}
	case map[string]any:
		ref, _ := t["Ref"].(string)
		if ga, ok := t["Fn::GetAtt"].([]any); ok && len(ga) > 0 {
			ref, _ = ga[0].(string)
		}
		if ref == "" {
			for _, x := range t {
				if fn := functionOfDepth(x, resources, depth+1); fn != "" {
					return fn
				}
			}
			return ""
		}
		res, _ := resources[ref].(map[string]any)
		props, _ := res["Properties"].(map[string]any)
		switch typ, _ := res["Type"].(string); typ {
		case typeFunction:
			return ref
		case typeAlias, typeVersion:
			return functionOfDepth(props["FunctionName"], resources, depth+1)
		}
	}
	return ""
}

// maxReceiveCount reads a queue's RedrivePolicy (an object, or the JSON
// string a template may hold): absent without one, unknown when it is an
// intrinsic.
func maxReceiveCount(v any) Value[int] {
	switch p := v.(type) {
	case nil:
		return Value[int]{}
	case string:
		var m map[string]any
		if err := json.Unmarshal([]byte(p), &m); err != nil {
			return UnknownValue[int]()
		}
		return maxReceiveCount(m)
	case map[string]any:
		if n, ok := p["maxReceiveCount"]; ok {
			if c := toInt(n); c.Set {
				return c
			}
		}
		if _, intrinsic := p["Fn::If"]; intrinsic {
			return UnknownValue[int]()
		}
		return UnknownValue[int]()
	}
	return UnknownValue[int]()
}
