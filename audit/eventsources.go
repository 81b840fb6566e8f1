package audit

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
)

// EventSources are the event-source and asynchronous-invocation resources
// of one template, which the function model does not carry: event source
// mappings, the SQS queues they read, async invoke configs and the
// permissions of services that invoke asynchronously. The batch and async
// rules read them. (Kept apart from the function reader, which is moving
// to its own package; it reads the same decoded template.)
type EventSources struct {
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
	LogicalID string
	// Function is the logical ID of the function it invokes (through an
	// alias or version of the template); "" when outside the template.
	Function string
	// Kind is "sqs", "kinesis", "dynamodb" or "" for other sources.
	Kind string
	// Queue is the logical ID of the SQS queue it reads; "" when outside
	// the template.
	Queue         string
	BatchSize     Value[int]
	PartialBatch  bool // FunctionResponseTypes has ReportBatchItemFailures
	OnFailure     bool // DestinationConfig.OnFailure is set
	RetryAttempts Value[int]
	MaxRecordAge  Value[int]
}

// Queue is an AWS::SQS::Queue.
type Queue struct {
	LogicalID string
	// VisibilitySec is the visibility timeout, SQS's 30 s when unset.
	VisibilitySec Value[int]
}

// InvokeConfig is an AWS::Lambda::EventInvokeConfig.
type InvokeConfig struct {
	LogicalID string
	OnFailure bool
}

// asyncServices invoke Lambda asynchronously
// (https://docs.aws.amazon.com/lambda/latest/dg/invocation-async.html).
var asyncServices = []string{"s3.", "sns.", "events.", "logs.", "ses.", "iot.", "codecommit.", "config."}

var (
	sourcesMu sync.Mutex
	sourcesOf = map[*Stack]*EventSources{}
)

// AttachEventSources reads the event sources of tpl (a decoded template)
// and keeps them with st, for the batch and async rules. Call it beside
// StackFromTemplate or ParseTemplate; ReadEventSourcesOf does it for a
// model read from a cloud assembly.
func AttachEventSources(st *Stack, tpl map[string]any) {
	resources, _ := tpl["Resources"].(map[string]any)
	sourcesMu.Lock()
	defer sourcesMu.Unlock()
	sourcesOf[st] = readEventSources(resources)
}

// eventSources are the event sources attached to st, nil when none were.
func eventSources(st *Stack) *EventSources {
	sourcesMu.Lock()
	defer sourcesMu.Unlock()
	return sourcesOf[st]
}

// ReadEventSourcesOf attaches event sources to a model that Read built
// from path: a template file's to its one stack, and for a cloud assembly
// folder each template's under it to the model's stack that holds the
// same functions.
func ReadEventSourcesOf(m *Model, path string) error {
	if info, err := os.Stat(path); err != nil {
		return err
	} else if !info.IsDir() {
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		var tpl map[string]any
		if err := json.Unmarshal(data, &tpl); err != nil {
			return err
		}
		if len(m.Stacks) == 1 {
			AttachEventSources(m.Stacks[0], tpl)
		}
		return nil
	}
	var files []string
	err := filepath.WalkDir(path, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".json") && !strings.HasSuffix(p, ".assets.json") {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			continue
		}
		var tpl map[string]any
		if json.Unmarshal(data, &tpl) != nil {
			continue
		}
		resources, ok := tpl["Resources"].(map[string]any)
		if !ok {
			continue
		}
		for _, st := range m.Stacks {
			if len(st.Functions) > 0 && holdsFunctions(resources, st) && eventSources(st) == nil {
				AttachEventSources(st, tpl)
				break
			}
		}
	}
	return nil
}

// holdsFunctions says whether resources has every function of st, by
// logical ID and construct path.
func holdsFunctions(resources map[string]any, st *Stack) bool {
	for _, f := range st.Functions {
		res, _ := resources[f.LogicalID].(map[string]any)
		meta, _ := res["Metadata"].(map[string]any)
		path, _ := meta[metaPath].(string)
		if typ, _ := res["Type"].(string); typ != typeFunction || path != f.Path {
			return false
		}
	}
	return true
}

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
		case "AWS::SQS::Queue":
			q := &Queue{LogicalID: id, VisibilitySec: toInt(props["VisibilityTimeout"])}
			if !q.VisibilitySec.Set {
				q.VisibilitySec = KnownValue(30)
			}
			s.Queues[id] = q
		case typeFunction:
			if dlc, _ := props["DeadLetterConfig"].(map[string]any); dlc["TargetArn"] != nil {
				s.DeadLetterTarget[id] = true
			}
		case "AWS::Lambda::EventSourceMapping":
			s.Mappings = append(s.Mappings, readMapping(id, props, resources))
		case "AWS::Lambda::EventInvokeConfig":
			if fn := functionOf(props["FunctionName"], resources); fn != "" {
				dc, _ := props["DestinationConfig"].(map[string]any)
				s.InvokeConfigs[fn] = append(s.InvokeConfigs[fn], &InvokeConfig{LogicalID: id, OnFailure: dc["OnFailure"] != nil})
			}
		case "AWS::Lambda::Permission":
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
			case "AWS::SQS::Queue":
				m.Kind, m.Queue = "sqs", ref
			case "AWS::Kinesis::Stream", "AWS::Kinesis::StreamConsumer":
				m.Kind = "kinesis"
			case "AWS::DynamoDB::Table", "AWS::DynamoDB::GlobalTable":
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

// EventSourcesOfStack are the event sources attached to st (by
// AttachEventSources or ReadEventSourcesOf), nil when none were.
func EventSourcesOfStack(st *Stack) *EventSources { return eventSources(st) }
