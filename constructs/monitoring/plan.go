package monitoring

import (
	"fmt"
	"maps"
	"math"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/lambdaperf/lambdaperf/costmodel"
	"github.com/lambdaperf/lambdaperf/internal/problems"
	"github.com/lambdaperf/lambdaperf/lambda"
)

// Defaults.
const (
	// DefaultPeriod is the period of every metric: Lambda publishes
	// one-minute data.
	DefaultPeriod = time.Minute
	// DefaultLatencyShare of the timeout is the default p99 alarm
	// threshold when the target has no LatencySLO.
	DefaultLatencyShare = 0.8
	// DefaultErrorRatePercent is the default error-rate alarm threshold.
	DefaultErrorRatePercent = 1.0
	// DefaultIteratorAge is the default iterator-age alarm threshold.
	DefaultIteratorAge = time.Minute
	// DefaultAsyncEventAge is the default async event-age alarm threshold:
	// above Lambda's own retry delays (about 1 and 2 minutes), an event
	// waits because the function is throttled or failing.
	DefaultAsyncEventAge = 5 * time.Minute
)

// maxEvaluationRange is CloudWatch's limit on Periods × Period for an alarm
// (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html).
const maxEvaluationRange = 24 * time.Hour

// WarnPriceRegion is the ID of the warning given when the stack's region
// has no prices in costmodel; acknowledge it with
// awscdk.Annotations_Of(m).AcknowledgeWarning(monitoring.WarnPriceRegion, reason).
const WarnPriceRegion = "lambdaperf:monitoring:price-region"

// AlarmKind is a kind of alarm; Alarms holds one threshold map per kind.
type AlarmKind string

// Alarm kinds, in the order a function's alarms are built.
const (
	KindLatencyP99  AlarmKind = "LatencyP99"
	KindErrorRate   AlarmKind = "ErrorRate"
	KindThrottles   AlarmKind = "Throttles"
	KindSpillover   AlarmKind = "Spillover"
	KindIteratorAge AlarmKind = "IteratorAge"
	// KindDeadLetters and KindAsyncDropped watch what a function could not
	// process (sources.go).
	KindDeadLetters  AlarmKind = "DeadLetters"
	KindAsyncDropped AlarmKind = "AsyncDropped"
	// KindAsyncEventAge watches how long async events wait.
	KindAsyncEventAge AlarmKind = "AsyncEventAge"
)

// Plan is a Monitoring fully resolved: every default applied, every
// detection done, every rule checked. It is plain Go, for reports and
// tests that need no synthesis.
type Plan struct {
	// Path is the Monitoring's construct path, used in messages.
	Path string
	// Title heads the dashboard (Markdown): Props.Title or the path.
	Title string
	// Period of every metric, alarm and graph, in whole minutes.
	Period time.Duration
	// PriceRegion is the region whose list prices the cost widgets use.
	PriceRegion string
	Alarms      bool // false with DisableAlarms
	// Functions are the monitored functions, in Props.Functions order.
	Functions []FunctionPlan
	// Warnings are the soft problems New reports as warning annotations (an
	// unknown price region).
	Warnings []Warning
}

// FunctionPlan is one monitored function, resolved.
type FunctionPlan struct {
	// Label names the function on the dashboard and in alarm descriptions:
	// Target.Label or the function's construct ID.
	Label string
	// ID is Label reduced to a construct ID (letters and digits).
	ID string
	// Index is the function's position in the Monitoring, which keeps
	// metric-math IDs unique on shared graphs.
	Index        int
	FunctionName string // usually a CDK token
	AliasName    string // "" without an alias
	// Timeout of the function, drawn on the duration graph.
	Timeout   time.Duration
	MemoryMiB int // 0 when unknown
	// Architecture the function runs on, for its price.
	Architecture costmodel.Arch
	// LatencySLO is the p99 objective; 0 for none.
	LatencySLO time.Duration

	LogMetrics bool // a JSON log group with metric filters
	// ProvisionedConcurrency says the alias keeps provisioned environments
	// (set on the target, or detected): provisioned-concurrency graphs and
	// the spillover alarm.
	ProvisionedConcurrency bool
	// StreamSource says a stream event source feeds the function (set, or
	// detected): the iterator-age graph and alarm.
	StreamSource bool
	// AsyncInvoked says the function is invoked asynchronously (set, or
	// detected): the async event-age graph and alarms.
	AsyncInvoked bool
	// LambdaInsights says the Lambda Insights extension runs in the function,
	// adding its metrics to the graphs.
	LambdaInsights bool

	// Sources are the event sources and async config attached with
	// constructs/sources, in the order they were attached.
	Sources []SourcePlan

	// CapacityProviderName is the capacity provider the function runs on
	// (Lambda Managed Instances), usually a CDK token; "" on demand.
	CapacityProviderName string

	// Cost is how the cost widget prices the function; nil when MemoryMiB
	// is unknown.
	Cost *CostPlan

	// Alarms in build order: by kind, then by label.
	Alarms []AlarmPlan
}

// Resource is the value of the CloudWatch Resource dimension of the
// function's alias ("<function name>:<alias name>"), or "" without an alias.
func (f *FunctionPlan) Resource() string {
	if f.AliasName == "" {
		return ""
	}
	return f.FunctionName + ":" + f.AliasName
}

// AlarmPlan is one alarm, resolved.
type AlarmPlan struct {
	// Kind of alarm: which metric it watches.
	Kind AlarmKind
	// Label is the threshold's label from the Alarms map ("Critical" by
	// default).
	Label string
	// Threshold in the metric's unit: milliseconds for latency and age,
	// percent for the error rate, a count for throttles and spillover. The
	// alarm fires above it.
	Threshold float64
	// Periods is the number of periods the alarm evaluates.
	Periods int
	// DatapointsToAlarm is how many of those periods must breach.
	DatapointsToAlarm int
	// Description is the alarm's description: what it watches and its
	// threshold.
	Description string
	// Source labels the source a DeadLetters alarm watches, and Queue
	// names its queue (usually a CDK token); "" for other kinds.
	Source, Queue string
}

// Warning is a soft problem with a stable ID (problems.Warning, one type
// for every lambdaperf construct).
type Warning = problems.Warning

// Validate checks props without building anything and returns every problem
// at once (errors.Join), or nil. Facts read from the construct tree at
// synthesis (provisioned concurrency, stream and async sources) count as
// absent here unless the target sets them, so the checks that need them
// wait for synthesis.
func (p *Props) Validate() error {
	_, err := resolve("", p, nil, "")
	return err
}

var labelKey = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_-]*$`)

// resolve applies defaults to props and checks every rule, without jsii.
// found holds what was read of each target (nil in Validate; identity
// only in New, where the checks that need detection wait);
// stackRegion is the stack's region, "" when unknown.
func resolve(path string, props *Props, found []facts, stackRegion string) (*Plan, error) {
	if props == nil {
		props = &Props{}
	}
	probs := problems.New("monitoring", path)
	fail := probs.Addf

	p := &Plan{Path: path, Title: props.Title, Period: props.Period, Alarms: !props.DisableAlarms}
	if p.Title == "" {
		p.Title = path
	}
	if p.Period == 0 {
		p.Period = DefaultPeriod
	}
	if p.Period < time.Minute || p.Period > maxEvaluationRange || p.Period%time.Minute != 0 {
		fail("Period must be whole minutes from 1m to 24h, got %s: Lambda publishes one-minute data", props.Period)
	}
	resolvePrices(p, props.PriceRegion, stackRegion, fail)

	if len(props.Functions) == 0 {
		fail("Functions is empty: add at least one target, e.g. monitoring.FromOptimized(fn)")
	}
	ids := map[string]string{}
	for i, t := range props.Functions {
		var f facts
		if i < len(found) {
			f = found[i]
		}
		fp := resolveTarget(i, t, f, p, func(format string, args ...any) {
			name := fmt.Sprintf("Functions[%d]", i)
			if l := labelOf(t, f); l != "" {
				name += fmt.Sprintf(" %q", l)
			}
			fail("%s: "+format, append([]any{name}, args...)...)
		})
		if fp.ID != "" {
			if other, ok := ids[fp.ID]; ok {
				fail("Functions[%d] Label %q and Functions[%s] share the construct ID %q: give one of them another Label", i, fp.Label, other, fp.ID)
			}
			ids[fp.ID] = fmt.Sprint(i)
		}
		p.Functions = append(p.Functions, fp)
	}
	if err := probs.Err(); err != nil {
		return nil, err
	}
	return p, nil
}

func labelOf(t Target, f facts) string {
	if t.Label != "" {
		return t.Label
	}
	return f.id
}

func resolvePrices(p *Plan, region, stackRegion string, fail func(string, ...any)) {
	known := func(r string) bool {
		_, err := costmodel.PricesFor(r, costmodel.ARM64)
		return err == nil
	}
	switch {
	case region != "":
		if !known(region) {
			fail("PriceRegion %q has no prices in costmodel (known: %s): leave it empty for %s list prices, or add the region to costmodel",
				region, strings.Join(costmodel.Regions(), ", "), costmodel.DefaultRegion)
		}
		p.PriceRegion = region
	case stackRegion != "" && known(stackRegion):
		p.PriceRegion = stackRegion
	default:
		p.PriceRegion = costmodel.DefaultRegion
		if stackRegion != "" {
			p.Warnings = append(p.Warnings, Warning{ID: WarnPriceRegion, Message: fmt.Sprintf(
				"costmodel has no prices for %s: the cost widgets show %s list prices; set PriceRegion to silence this", stackRegion, costmodel.DefaultRegion)})
		}
	}
}

func resolveTarget(i int, t Target, f facts, p *Plan, fail func(string, ...any)) FunctionPlan {
	fp := FunctionPlan{
		Index:          i,
		Label:          labelOf(t, f),
		FunctionName:   f.functionName,
		AliasName:      f.aliasName,
		Timeout:        t.Timeout,
		MemoryMiB:      t.MemoryMiB,
		Architecture:   t.Architecture,
		LatencySLO:     t.LatencySLO,
		LogMetrics:     t.LogGroup != nil,
		LambdaInsights: t.LambdaInsights,
		Sources:        sourcePlans(f.sources),

		CapacityProviderName: f.capacityProviderName,
	}
	fp.ID = constructID(fp.Label)
	if t.Function == nil {
		fail("Function is required: build the target with monitoring.FromOptimized(fn) or monitoring.FromFunction(fn, timeout)")
	}
	if t.Label != "" && fp.ID == "" {
		fail("Label %q has no letter or digit: it names construct IDs, so use one that has", t.Label)
	}

	// Detected facts, unless the user decided; unknown (Validate) counts
	// as absent, and the checks that need them are skipped.
	pick := func(set *bool, detected bool) (value, known bool) {
		if set != nil {
			return *set, true
		}
		return detected, f.attached
	}
	var pcKnown, streamKnown bool
	fp.ProvisionedConcurrency, pcKnown = pick(t.ProvisionedConcurrency, f.pc)
	fp.StreamSource, streamKnown = pick(t.StreamSource, f.stream)
	fp.AsyncInvoked, _ = pick(t.AsyncInvoked, f.async)

	switch {
	case t.Timeout == 0:
		fail("Timeout is required: pass the function's timeout to monitoring.FromFunction(fn, timeout)")
	case !lambda.TimeoutInRange(t.Timeout):
		fail("Timeout must be 1s..900s, got %s: use the function's configured timeout", t.Timeout)
	}
	switch {
	case t.MemoryMiB == 0:
	case t.CapacityProvider != nil && (t.MemoryMiB < lambda.MinManagedInstancesMemoryMiB || t.MemoryMiB > lambda.MaxManagedInstancesMemoryMiB):
		fail("MemoryMiB must be %d..%d on Managed Instances, got %d: use the function's configured memory, or 0 if unknown", lambda.MinManagedInstancesMemoryMiB, lambda.MaxManagedInstancesMemoryMiB, t.MemoryMiB)
	case t.CapacityProvider == nil && !lambda.MemoryInRange(t.MemoryMiB):
		fail("MemoryMiB must be %d..%d, got %d: use the function's configured memory, or 0 if unknown", lambda.MinMemoryMiB, lambda.MaxMemoryMiB, t.MemoryMiB)
	}
	if fp.Architecture == "" {
		fp.Architecture = costmodel.X86_64
	} else if _, err := costmodel.ParseArch(string(fp.Architecture)); err != nil {
		fail("Architecture %q is not a Lambda architecture: use costmodel.ARM64 or costmodel.X86_64", t.Architecture)
	}
	if t.LatencySLO < 0 || (t.LatencySLO > 0 && t.Timeout > 0 && t.LatencySLO >= t.Timeout) {
		fail("LatencySLO %s is not between 0 and Timeout %s: Lambda stops invocations at the timeout, so lower LatencySLO or raise Timeout", t.LatencySLO, t.Timeout)
	}
	if fp.MemoryMiB != 0 {
		if cost, err := newCostPlan(p.PriceRegion, fp.Architecture, fp.MemoryMiB); err == nil {
			cost.ManagedInstances = t.CapacityProvider != nil
			fp.Cost = cost
		}
	}
	if p.Alarms {
		fp.Alarms = resolveAlarms(&fp, t.Alarms, p.Period, pcKnown, streamKnown, fail)
	}
	return fp
}

func resolveAlarms(fp *FunctionPlan, a Alarms, period time.Duration, pcKnown, streamKnown bool, fail func(string, ...any)) []AlarmPlan {
	var out []AlarmPlan
	eval := func(field, label string, e Evaluation, periods, datapoints int) (int, int, bool) {
		ok := true
		if e.Periods < 0 || e.DatapointsToAlarm < 0 {
			fail("Alarms.%s[%q]: Periods and DatapointsToAlarm must be 0 (default) or more, got %d and %d", field, label, e.Periods, e.DatapointsToAlarm)
			return 0, 0, false
		}
		if e.Periods > 0 {
			periods = e.Periods
		}
		datapoints = min(datapoints, periods)
		if e.DatapointsToAlarm > 0 {
			datapoints = e.DatapointsToAlarm
		}
		if datapoints > periods {
			fail("Alarms.%s[%q]: DatapointsToAlarm %d is more than Periods %d: raise Periods or lower DatapointsToAlarm", field, label, datapoints, periods)
			ok = false
		}
		if time.Duration(periods)*period > maxEvaluationRange {
			fail("Alarms.%s[%q]: Periods %d × Period %s is more than CloudWatch's 24h: lower Periods or Period", field, label, periods, period)
			ok = false
		}
		return periods, datapoints, ok
	}
	checkLabel := func(field, label string) bool {
		if !labelKey.MatchString(label) {
			fail("Alarms.%s has the label %q: labels name construct IDs, use letters, digits, - and _ (e.g. %q)", field, label, DefaultAlarmLabel)
			return false
		}
		return true
	}

	// p99 latency, in milliseconds.
	latency := a.LatencyP99
	if latency == nil && fp.Timeout > 0 {
		limit := time.Duration(float64(fp.Timeout) * DefaultLatencyShare).Round(time.Millisecond)
		if fp.LatencySLO > 0 {
			limit = fp.LatencySLO
		}
		latency = map[string]LatencyThreshold{DefaultAlarmLabel: {Max: limit}}
	}
	for _, label := range sortedKeys(latency) {
		th := latency[label]
		periods, datapoints, ok := eval("LatencyP99", label, th.Evaluation, 5, 3)
		ok = checkLabel("LatencyP99", label) && ok
		if th.Max <= 0 || (fp.Timeout > 0 && th.Max >= fp.Timeout) {
			fail("Alarms.LatencyP99[%q].Max %s is not between 0 and Timeout %s: a p99 at or above the timeout never shows, lower Max or raise Timeout", label, th.Max, fp.Timeout)
			ok = false
		}
		if ok {
			out = append(out, AlarmPlan{KindLatencyP99, label, ms(th.Max), periods, datapoints,
				fmt.Sprintf("%s: p99 duration%s above %s ms (timeout %s) in %d of %d periods of %s", fp.Label, aliasNote(fp), formatNumber(ms(th.Max)), fp.Timeout, datapoints, periods, period), "", ""})
		}
	}

	errorRate := a.ErrorRate
	if errorRate == nil {
		errorRate = map[string]ErrorRateThreshold{DefaultAlarmLabel: {MaxPercent: DefaultErrorRatePercent}}
	}
	for _, label := range sortedKeys(errorRate) {
		th := errorRate[label]
		periods, datapoints, ok := eval("ErrorRate", label, th.Evaluation, 5, 3)
		ok = checkLabel("ErrorRate", label) && ok
		if !(th.MaxPercent > 0 && th.MaxPercent < 100) || math.IsNaN(th.MaxPercent) {
			fail("Alarms.ErrorRate[%q].MaxPercent must be above 0 and below 100, got %g: e.g. 1 for 1 %% of invocations", label, th.MaxPercent)
			ok = false
		}
		if ok {
			out = append(out, AlarmPlan{KindErrorRate, label, th.MaxPercent, periods, datapoints,
				fmt.Sprintf("%s: errors%s above %s %% of invocations in %d of %d periods of %s", fp.Label, aliasNote(fp), formatNumber(th.MaxPercent), datapoints, periods, period), "", ""})
		}
	}

	counts := func(kind AlarmKind, m map[string]CountThreshold, what string) {
		for _, label := range sortedKeys(m) {
			th := m[label]
			periods, datapoints, ok := eval(string(kind), label, th.Evaluation, 1, 1)
			ok = checkLabel(string(kind), label) && ok
			if th.Max < 0 {
				fail("Alarms.%s[%q].Max must be 0 or more, got %d: 0 alarms on the first one", kind, label, th.Max)
				ok = false
			}
			if ok {
				out = append(out, AlarmPlan{kind, label, float64(th.Max), periods, datapoints,
					fmt.Sprintf("%s: %s%s above %d per %s in %d of %d periods", fp.Label, what, aliasNote(fp), th.Max, period, datapoints, periods), "", ""})
			}
		}
	}
	throttles := a.Throttles
	if throttles == nil {
		throttles = map[string]CountThreshold{DefaultAlarmLabel: {}}
	}
	counts(KindThrottles, throttles, "throttled requests")

	// Managed Instances: the environments' CPU and concurrency saturation,
	// from metrics published every ManagedInstancesPeriod.
	percents := func(kind AlarmKind, m map[string]PercentThreshold, what string) {
		for _, label := range sortedKeys(m) {
			th := m[label]
			periods, datapoints, ok := eval(string(kind), label, th.Evaluation, 3, 2)
			ok = checkLabel(string(kind), label) && ok
			if !(th.MaxPercent > 0 && th.MaxPercent <= 100) || math.IsNaN(th.MaxPercent) {
				fail("Alarms.%s[%q].MaxPercent must be above 0 and at most 100, got %g", kind, label, th.MaxPercent)
				ok = false
			}
			if ok {
				out = append(out, AlarmPlan{kind, label, th.MaxPercent, periods, datapoints,
					fmt.Sprintf("%s: %s above %s %% in %d of %d periods of %s", fp.Label, what, formatNumber(th.MaxPercent), datapoints, periods, ManagedInstancesPeriod), "", ""})
			}
		}
	}
	switch {
	case fp.CapacityProviderName != "":
		percents(KindInstanceCPU, orPercent(a.InstanceCPU, DefaultInstanceCPUPercent), "execution environment CPU")
		percents(KindConcurrencySaturation, orPercent(a.ConcurrencySaturation, DefaultSaturationPercent), "concurrency of the per-environment limit")
	case len(a.InstanceCPU) > 0 || len(a.ConcurrencySaturation) > 0:
		fail("Alarms.InstanceCPU and Alarms.ConcurrencySaturation watch a function on Managed Instances: set the target's CapacityProvider (FromOptimized does) or remove them")
	}

	spillover := a.Spillover
	switch {
	case spillover == nil && fp.ProvisionedConcurrency:
		spillover = map[string]CountThreshold{DefaultAlarmLabel: {}}
	case len(spillover) > 0 && !fp.ProvisionedConcurrency && pcKnown:
		fail("Alarms.Spillover is set but ProvisionedConcurrency is false: spillover only happens beyond provisioned environments; give the alias provisioned concurrency or remove Alarms.Spillover")
		spillover = nil
	}
	counts(KindSpillover, spillover, "invocations spilling over provisioned concurrency")

	age := a.IteratorAge
	switch {
	case age == nil && fp.StreamSource:
		age = map[string]AgeThreshold{DefaultAlarmLabel: {Max: DefaultIteratorAge}}
	case len(age) > 0 && !fp.StreamSource && streamKnown:
		fail("Alarms.IteratorAge is set but StreamSource is false: only stream event sources (Kinesis, DynamoDB) report iterator age; attach a stream event source to the function or its alias, set StreamSource, or remove Alarms.IteratorAge")
		age = nil
	}
	ages := func(kind AlarmKind, m map[string]AgeThreshold, what string) {
		for _, label := range sortedKeys(m) {
			th := m[label]
			periods, datapoints, ok := eval(string(kind), label, th.Evaluation, 5, 3)
			ok = checkLabel(string(kind), label) && ok
			if th.Max <= 0 {
				fail("Alarms.%s[%q].Max must be above 0, got %s: e.g. time.Minute", kind, label, th.Max)
				ok = false
			}
			if ok {
				out = append(out, AlarmPlan{kind, label, ms(th.Max), periods, datapoints,
					fmt.Sprintf("%s: %s above %s ms in %d of %d periods of %s", fp.Label, what, formatNumber(ms(th.Max)), datapoints, periods, period), "", ""})
			}
		}
	}
	ages(KindIteratorAge, age, "iterator age")
	// Sources attached with constructs/sources (sources.go).
	for _, src := range fp.Sources {
		if src.FailureQueue != "" {
			n := len(out)
			counts(KindDeadLetters, orDefault(a.DeadLetters, true), "messages waiting in the "+src.failureName()+" of "+src.Label)
			for i := n; i < len(out); i++ {
				out[i].Source, out[i].Queue = src.Label, src.FailureQueue
			}
		}
	}
	counts(KindAsyncDropped, orDefault(a.AsyncDropped, fp.AsyncInvoked), "asynchronous events dropped")
	asyncAge := a.AsyncEventAge
	if asyncAge == nil && fp.AsyncInvoked {
		asyncAge = map[string]AgeThreshold{DefaultAlarmLabel: {Max: DefaultAsyncEventAge}}
	} else if !fp.AsyncInvoked {
		asyncAge = nil
	}
	ages(KindAsyncEventAge, asyncAge, "asynchronous event age")
	return out
}

// orPercent is m, or the default entry at def when m is nil.
func orPercent(m map[string]PercentThreshold, def float64) map[string]PercentThreshold {
	if m == nil {
		return map[string]PercentThreshold{DefaultAlarmLabel: {MaxPercent: def}}
	}
	return m
}

func aliasNote(fp *FunctionPlan) string {
	if fp.AliasName == "" {
		return ""
	}
	return " (alias " + fp.AliasName + ")"
}

// ms is d in milliseconds.
func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// formatNumber prints f without exponent or trailing zeros.
func formatNumber(f float64) string {
	s := fmt.Sprintf("%.6f", f)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	return s
}

var nonWord = regexp.MustCompile(`[^A-Za-z0-9]+`)

// constructID reduces a label to letters and digits, each run of other
// characters dropped and the next letter upper-cased ("node-api" → "NodeApi").
func constructID(label string) string {
	parts := nonWord.Split(label, -1)
	var b strings.Builder
	for i, part := range parts {
		if part == "" {
			continue
		}
		if i > 0 {
			part = strings.ToUpper(part[:1]) + part[1:]
		}
		b.WriteString(part)
	}
	return b.String()
}

func sortedKeys[V any](m map[string]V) []string { return slices.Sorted(maps.Keys(m)) }
