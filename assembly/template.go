package assembly

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/lambdaperf/lambdaperf/lambda"
)

// ResourceTypes are the CloudFormation types the reader reads, for a
// caller that renders a template from only part of an app (the advisor's
// aspect) and must include each of them, or the rules that read them go
// silent there.
func ResourceTypes() []string {
	return []string{typeCapacityProvider, typeFunction, typeVersion, typeAlias, typeScalableTarget, typeScalingPolicy, typeLogGroup, typeLogRetention,
		typeAPIMethod, typeAPIAuthorizer, typeDashboard,
		typeQueue, typeEventSourceMapping, typeEventInvokeConfig, typePermission,
		typeKinesisStream, typeKinesisConsumer, typeDynamoDBTable, typeDynamoDBGlobalTable}
}

// CloudFormation resource types the model reads.
const (
	typeFunction       = "AWS::Lambda::Function"
	typeVersion        = "AWS::Lambda::Version"
	typeAlias          = "AWS::Lambda::Alias"
	typeScalableTarget = "AWS::ApplicationAutoScaling::ScalableTarget"
	typeLogGroup       = "AWS::Logs::LogGroup"
	typeLogRetention   = "Custom::LogRetention"
)

// Metadata keys: CDK's construct path and code asset, and ours.
const (
	metaPath     = "aws:cdk:path"
	metaAsset    = "aws:asset:path"
	MetadataKey  = "lambdaperf"
	suppressList = "suppress"
	// expectedDuration declares a function's average duration in ms;
	// expectedRate its average requests per second and expectedCPUShare
	// the share of the duration it runs on CPU (0..1).
	expectedDuration = "expectedDurationMs"
	expectedRate     = "expectedRequestsPerSecond"
	expectedCPUShare = "expectedCpuShare"
)

// TemplateOptions tells the template reader where code assets live.
type TemplateOptions struct {
	// AssetDir is the folder aws:asset:path metadata is relative to (the
	// cloud assembly folder). Default: "" reads no code assets.
	AssetDir string
	// Assets maps the object key of each file asset to its source path
	// (from the folder's *.assets.json), for templates without
	// aws:asset:path metadata. Default: none.
	Assets map[string]string
	// Environment groups stacks by account and region. Default: "".
	Environment string
	// FrameworkPaths are construct paths that CDK marks as its own custom
	// resource handlers (node metadata in the cloud assembly manifest).
	// Default: none; well-known handlers are recognized by name anyway.
	FrameworkPaths []string
}

// frameworkIDs are construct ids and logical-id prefixes of CDK's own
// custom-resource handlers.
var frameworkIDs = []string{
	"LogRetentionaae0aa3c5b4d4f87b02d85b201efdd8a",              // logRetention
	"AWS679f53fac002430cb0da5b7982bd2287",                       // AwsCustomResource
	"CustomCDKBucketDeployment8693BB64968944B69AAFB0CC9EB8756C", // BucketDeployment
	"SingletonLambda",
	"BucketNotificationsHandler050a0587b7544547bf325f094a3db834", // S3 bucket notifications
	"AWSCDKCfnUtilsProviderCustomResourceProvider",
	"CustomResourceProvider",
	"Custom::", // CustomResourceProvider (S3 auto-delete, ...)
	"framework-",
}

// isFramework reports whether a function is one of CDK's custom-resource
// handlers, by its construct path or, without one, its logical id.
func (o TemplateOptions) isFramework(path, logicalID string) bool {
	for _, p := range o.FrameworkPaths {
		p = strings.Trim(p, "/")
		if p != "" && (path == p || strings.HasPrefix(path, p+"/")) {
			return true
		}
	}
	if path != "" {
		for _, seg := range strings.Split(path, "/") {
			for _, id := range frameworkIDs {
				if strings.HasPrefix(seg, id) {
					return true
				}
			}
		}
		return false
	}
	if strings.Contains(logicalID, "CustomResourceProvider") {
		return true
	}
	for _, id := range frameworkIDs {
		if strings.HasPrefix(logicalID, id) {
			return true
		}
	}
	return false
}

// ParseTemplate builds a Stack from CloudFormation template JSON.
func ParseTemplate(name string, data []byte, opts TemplateOptions) (*Stack, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	var tpl map[string]any
	if err := dec.Decode(&tpl); err != nil {
		return nil, fmt.Errorf("template %s is not CloudFormation JSON: %w", name, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("template %s is not CloudFormation JSON: more follows its object (a file written over, or two joined)", name)
	}
	return StackFromTemplate(name, tpl, opts)
}

// StackFromTemplate builds a Stack from a decoded template
// ({"Resources": {...}, "Mappings": {...}}). The CDK aspect calls it with
// a template it renders from the construct tree.
func StackFromTemplate(name string, tpl map[string]any, opts TemplateOptions) (*Stack, error) {
	resources, ok := tpl["Resources"].(map[string]any)
	if !ok {
		if _, present := tpl["Resources"]; present || len(tpl) == 0 {
			return nil, fmt.Errorf("template %s: Resources is missing or not an object", name)
		}
		return nil, fmt.Errorf("template %s has no Resources section: not a CloudFormation template", name)
	}
	mappings, _ := tpl["Mappings"].(map[string]any)
	r := &reader{
		stack:     &Stack{Name: name, Environment: opts.Environment, template: tpl, opts: opts, conditions: map[string]bool{}},
		resources: resources,
		mappings:  mappings,
		opts:      opts,
		functions: map[string]*Function{},
		versions:  map[string]*Version{},
		aliases:   map[string]*Alias{},
		logGroups: map[string]*LogGroup{},

		scalableTargets: map[string]*ScalableTarget{},
	}
	r.stack.EventSources = readEventSources(resources)
	ids := make([]string, 0, len(resources))
	for id := range resources {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	// Capacity providers and functions first, then what points at them.
	for _, pass := range []string{typeCapacityProvider, typeFunction, typeVersion, typeAlias, typeScalableTarget, typeScalingPolicy, typeLogGroup, typeAPIMethod, typeAPIAuthorizer, typeDashboard} {
		for _, id := range ids {
			res, _ := resources[id].(map[string]any)
			typ, _ := res["Type"].(string)
			if typ == pass || (pass == typeLogGroup && typ == typeLogRetention) {
				r.read(id, typ, res)
				conditionsIn(res["Properties"], r.stack.conditions)
			}
		}
	}
	r.linkLogGroups()
	r.stack.Malformed = checkShapes(r.stack, resources)
	return r.stack, nil
}

type reader struct {
	stack     *Stack
	resources map[string]any
	mappings  map[string]any
	opts      TemplateOptions
	functions map[string]*Function
	versions  map[string]*Version
	aliases   map[string]*Alias
	logGroups map[string]*LogGroup

	scalableTargets   map[string]*ScalableTarget
	capacityProviders map[string]*CapacityProvider
	names             map[string]*Function // by literal FunctionName
	// logConfig holds each function's LoggingConfig.LogGroup value.
	logConfig map[*Function]any
}

func (r *reader) read(id, typ string, res map[string]any) {
	props, _ := res["Properties"].(map[string]any)
	meta, _ := res["Metadata"].(map[string]any)
	base := Resource{Stack: r.stack, LogicalID: id, Suppressions: suppressionsOf(meta)}
	base.Path, _ = meta[metaPath].(string)
	switch typ {
	case typeCapacityProvider:
		r.readCapacityProvider(base, props)
	case typeFunction:
		r.readFunction(base, props, meta)
	case typeVersion:
		v := &Version{Resource: base, Function: r.functionRef(props["FunctionName"])}
		v.Provisioned = provisionedOf(props)
		r.versions[id] = v
		r.stack.Versions = append(r.stack.Versions, v)
		if v.Function != nil {
			v.Function.Versions = append(v.Function.Versions, v)
		}
	case typeAlias:
		r.readAlias(base, props)
	case typeScalableTarget:
		r.readScalableTarget(base, props)
	case typeScalingPolicy:
		r.readScalingPolicy(base, props)
	case typeAPIMethod, typeAPIAuthorizer:
		r.readAPI(base, typ, props)
	case typeDashboard:
		r.readDashboard(base, props)
	case typeLogGroup, typeLogRetention:
		lg := &LogGroup{Resource: base, Retention: toInt(props["RetentionInDays"])}
		lg.FunctionRef = r.defaultLogGroupOf(props["LogGroupName"])
		r.logGroups[id] = lg
		r.stack.LogGroups = append(r.stack.LogGroups, lg)
	}
}

func (r *reader) readFunction(base Resource, props, meta map[string]any) {
	f := &Function{Resource: base, PackageType: "Zip"}
	f.Framework = r.opts.isFramework(base.Path, base.LogicalID)
	if lp, ok := meta[MetadataKey].(map[string]any); ok {
		f.ExpectedDurationMs = toInt(lp[expectedDuration])
		if !f.ExpectedDurationMs.Set {
			f.ExpectedDurationMs = toInt(lp["expected_duration_ms"])
		}
		f.ExpectedRequestsPerSecond = toFloat(lp[expectedRate])
		f.ExpectedCPUShare = toFloat(lp[expectedCPUShare])
	}
	f.Runtime = toString(props["Runtime"])
	if pt, ok := props["PackageType"].(string); ok {
		f.PackageType = pt
	}
	f.Architecture = architectureOf(props["Architectures"])
	f.MemoryMiB = toInt(props["MemorySize"])
	f.TimeoutSec = toInt(props["Timeout"])
	if eph, ok := props["EphemeralStorage"].(map[string]any); ok {
		f.EphemeralMiB = toInt(eph["Size"])
	} else if props["EphemeralStorage"] != nil {
		f.EphemeralMiB = UnknownValue[int]()
	}
	f.readEnvironment(props["Environment"])
	switch layers := props["Layers"].(type) {
	case nil:
	case []any:
		for _, l := range layers {
			f.Layers = append(f.Layers, Layer{ARN: toString(l), Candidates: mapCandidates(r.mappings, l)})
		}
	default:
		f.LayersUnknown = true
	}
	f.Reserved = toInt(props["ReservedConcurrentExecutions"])
	switch ss := props["SnapStart"].(type) {
	case nil:
	case map[string]any:
		f.SnapStart = toString(ss["ApplyOn"])
	default:
		f.SnapStart = UnknownValue[string]()
	}
	if fs, ok := props["FileSystemConfigs"].([]any); !ok || len(fs) > 0 {
		f.FileSystems = props["FileSystemConfigs"] != nil
	}
	f.Handler, _ = props["Handler"].(string)
	r.readManagedInstances(f, props)
	if lc, ok := props["LoggingConfig"].(map[string]any); ok && lc["LogGroup"] != nil {
		if r.logConfig == nil {
			r.logConfig = map[*Function]any{}
		}
		r.logConfig[f] = lc["LogGroup"]
	}
	r.locateAsset(f, props, meta)
	r.functions[base.LogicalID] = f
	r.stack.Functions = append(r.stack.Functions, f)
}

func (f *Function) readEnvironment(v any) {
	env, ok := v.(map[string]any)
	if !ok {
		if v != nil {
			f.EnvAllUnknown = true
		}
		return
	}
	vars, ok := env["Variables"].(map[string]any)
	if !ok {
		if env["Variables"] != nil {
			f.EnvAllUnknown = true
		}
		return
	}
	f.Env = map[string]string{}
	for k, val := range vars {
		if lambda.HoldsSecretReference(string(mustJSON(val))) {
			f.EnvSecretRefs = append(f.EnvSecretRefs, k)
		}
		s := toString(val)
		if s.Known() {
			f.Env[k] = s.V
		} else {
			f.EnvUnknown = append(f.EnvUnknown, k)
		}
	}
	sort.Strings(f.EnvUnknown)
	sort.Strings(f.EnvSecretRefs)
}

func (r *reader) readAlias(base Resource, props map[string]any) {
	a := &Alias{Resource: base, Function: r.functionRef(props["FunctionName"])}
	a.Name, _ = props["Name"].(string)
	fv := props["FunctionVersion"]
	if id, attr, ok := RefTarget(fv); ok && r.versions[id] != nil && (attr == "Version" || attr == "") {
		a.Version = r.versions[id]
		if a.Function == nil {
			a.Function = a.Version.Function
		}
	} else {
		a.VersionRef = toString(fv)
	}
	a.Provisioned = provisionedOf(props)
	if rc, ok := props["RoutingConfig"].(map[string]any); ok {
		switch w := rc["AdditionalVersionWeights"].(type) {
		case nil:
		case []any:
			a.Weighted = len(w) > 0
		default:
			a.Weighted = true
		}
	}
	r.aliases[base.LogicalID] = a
	r.stack.Aliases = append(r.stack.Aliases, a)
	if a.Function != nil {
		a.Function.Aliases = append(a.Function.Aliases, a)
	}
}

func (r *reader) readScalableTarget(base Resource, props map[string]any) {
	dim, _ := props["ScalableDimension"].(string)
	if dim != pcScalableDimension {
		return
	}
	st := &ScalableTarget{Resource: base, Min: toInt(props["MinCapacity"]), Max: toInt(props["MaxCapacity"])}
	rid := props["ResourceId"]
	for _, id := range refsIn(rid) {
		if a := r.aliases[id]; a != nil && st.Alias == nil {
			st.Alias = a
		}
		if f := r.functions[id]; f != nil && st.Function == nil {
			st.Function = f
		}
	}
	st.Qualifier = qualifierOf(rid)
	r.linkLiteralTarget(st, rid)
	r.readScheduledActions(st, props["ScheduledActions"])
	r.scalableTargets[base.LogicalID] = st
	if st.Alias != nil {
		st.Alias.ScalableTargets = append(st.Alias.ScalableTargets, st)
	} else if st.Function != nil {
		st.Function.ScalableTargets = append(st.Function.ScalableTargets, st)
	}
	r.stack.ScalableTargets = append(r.stack.ScalableTargets, st)
}

// qualifierOf reads the qualifier of a provisioned-concurrency ResourceId
// ("function:<name>:<qualifier>"): known "" when there is none, unknown
// when it is an intrinsic.
func qualifierOf(rid any) Value[string] {
	const hole = "\x00"
	var b strings.Builder
	for _, p := range literalParts(rid) {
		if s, ok := p.(string); ok {
			b.WriteString(s)
		} else {
			b.WriteString(hole)
		}
	}
	segs := strings.Split(b.String(), ":")
	switch {
	case len(segs) < 2:
		return UnknownValue[string]()
	case len(segs) == 2:
		return KnownValue("")
	case strings.Contains(segs[len(segs)-1], hole):
		return UnknownValue[string]()
	}
	return KnownValue(segs[len(segs)-1])
}

// functionRef resolves a FunctionName property to a function in the
// template (Ref, Fn::GetAtt Arn, or a matching literal FunctionName).
func (r *reader) functionRef(v any) *Function {
	if id, _, ok := RefTarget(v); ok {
		return r.functions[id]
	}
	if name, ok := v.(string); ok && name != "" {
		return r.byLiteralName(name)
	}
	return nil
}

// byLiteralName finds the function whose literal FunctionName is name,
// through an index built at the first call (after the functions are read).
func (r *reader) byLiteralName(name string) *Function {
	if r.names == nil {
		r.names = make(map[string]*Function, len(r.stack.Functions))
		for _, f := range r.stack.Functions {
			if n := r.literalName(f); n != "" {
				if _, dup := r.names[n]; !dup {
					r.names[n] = f
				}
			}
		}
	}
	return r.names[name]
}

// literalName returns a function's literal FunctionName, or "".
func (r *reader) literalName(f *Function) string {
	res, _ := r.resources[f.LogicalID].(map[string]any)
	props, _ := res["Properties"].(map[string]any)
	name, _ := props["FunctionName"].(string)
	return name
}

// defaultLogGroupOf returns the logical id of the function whose default
// log group name ("/aws/lambda/" + its name) v spells, or "".
func (r *reader) defaultLogGroupOf(v any) string {
	const prefix = "/aws/lambda/"
	if s, ok := v.(string); ok {
		if name, found := strings.CutPrefix(s, prefix); found && name != "" {
			if f := r.byLiteralName(name); f != nil {
				return f.LogicalID
			}
		}
		return ""
	}
	parts := literalParts(v)
	refs := refsIn(v)
	if len(parts) == 2 && parts[0] == prefix && parts[1] == nil && len(refs) == 1 {
		return refs[0]
	}
	return ""
}

// linkLogGroups decides, for each function, whether its logs expire.
func (r *reader) linkLogGroups() {
	defaults := map[string][]*LogGroup{} // by the function they are named after
	for _, g := range r.stack.LogGroups {
		if g.FunctionRef != "" {
			defaults[g.FunctionRef] = append(defaults[g.FunctionRef], g)
		}
	}
	for _, f := range r.stack.Functions {
		lgv, custom := r.logConfig[f]
		var lg *LogGroup
		switch {
		case custom:
			if id, _, ok := RefTarget(lgv); ok {
				lg = r.logGroups[id]
			} else if refs := refsIn(lgv); len(refs) == 1 {
				lg = r.logGroups[refs[0]]
			}
			if lg == nil {
				f.LogRetention = RetentionUnknown // a log group made elsewhere
				continue
			}
		default:
			for _, g := range defaults[f.LogicalID] {
				if lg == nil || g.Retention.Set {
					lg = g
				}
			}
			if lg == nil {
				f.LogRetention = RetentionNone // Lambda creates it, never expiring
				continue
			}
		}
		switch {
		case lg.Retention.Unknown:
			f.LogRetention = RetentionUnknown
		case lg.Retention.Set:
			f.LogRetention = RetentionSet
		default:
			f.LogRetention = RetentionNone
		}
	}
}

// architectureOf reads an Architectures list, which Lambda allows one
// entry in: absent, that entry, or unknown.
func architectureOf(v any) Value[string] {
	switch archs := v.(type) {
	case nil:
		return Value[string]{}
	case []any:
		if len(archs) == 1 {
			return toString(archs[0])
		}
	}
	return UnknownValue[string]()
}

// provisionedOf reads ProvisionedConcurrencyConfig.ProvisionedConcurrentExecutions.
func provisionedOf(props map[string]any) Value[int] {
	switch pc := props["ProvisionedConcurrencyConfig"].(type) {
	case nil:
		return Value[int]{}
	case map[string]any:
		return toInt(pc["ProvisionedConcurrentExecutions"])
	}
	return UnknownValue[int]()
}

// suppressionsOf reads {"lambdaperf": {"suppress": [{"id", "reason"}]}}.
func suppressionsOf(meta map[string]any) []Suppression {
	lp, _ := meta[MetadataKey].(map[string]any)
	list, _ := lp[suppressList].([]any)
	var out []Suppression
	for _, item := range list {
		m, _ := item.(map[string]any)
		id, _ := m["id"].(string)
		reason, _ := m["reason"].(string)
		if id != "" {
			out = append(out, Suppression{ID: id, Reason: reason})
		}
	}
	return out
}
