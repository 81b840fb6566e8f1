package localinvoke

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"
)

// Limits of a local load run: the emulators share this machine's CPUs, so
// more than this measures the machine, not the function.
const (
	MaxRate         = 1000 // requests per second
	MaxRampDuration = 15 * time.Minute
	MaxInstances    = 64
	// DefaultInstances is the emulator pool of a load run.
	DefaultInstances = 4
)

// Ramp is the playbook's load shape: the arrival rate rises linearly from
// From to To requests per second over Duration (From == To is a constant
// rate). Arrivals are scheduled open-loop: a slow answer does not delay
// the next request.
type Ramp struct {
	// From is the arrival rate at the start, in requests per second.
	From float64 `json:"from"`
	// To is the arrival rate at the end, in requests per second.
	To float64 `json:"to"`
	// Duration of the ramp.
	Duration time.Duration `json:"-"`
}

// PlaybookRamp is the playbook's load test: 10 to 100 requests/s over a
// minute.
var PlaybookRamp = Ramp{From: 10, To: 100, Duration: time.Minute}

// Validate reports a ramp that cannot run, naming the bad value.
func (r Ramp) Validate() error {
	var errs []error
	for _, v := range []struct {
		name string
		rate float64
	}{{"rate", r.From}, {"ramp-to", r.To}} {
		if math.IsNaN(v.rate) || v.rate < 0 || v.rate > MaxRate {
			errs = append(errs, fmt.Errorf("%s must be 0..%d requests/s, got %v", v.name, MaxRate, v.rate))
		}
	}
	if r.From == 0 && r.To == 0 {
		errs = append(errs, errors.New("rate and ramp-to are both 0: nothing to send"))
	}
	if r.Duration <= 0 || r.Duration > MaxRampDuration {
		errs = append(errs, fmt.Errorf("duration must be more than 0 and at most %v, got %v", MaxRampDuration, r.Duration))
	}
	return errors.Join(errs...)
}

// Count is the number of requests the ramp sends: the area under the rate.
func (r Ramp) Count() int {
	return int(math.Floor((r.From+r.To)/2*r.Duration.Seconds() + 1e-9))
}

// Arrivals returns when each request is due, from the start of the run:
// the k-th (from 0) when the integral of the rate reaches k. limit caps
// the count (0: no cap).
func (r Ramp) Arrivals(limit int) []time.Duration {
	n := r.Count()
	if limit > 0 && n > limit {
		n = limit
	}
	d := r.Duration.Seconds()
	a := (r.To - r.From) / (2 * d) // rate(t) = From + 2a·t; area = From·t + a·t²
	out := make([]time.Duration, n)
	for k := range out {
		var t float64
		if math.Abs(a) < 1e-12 {
			t = float64(k) / r.From
		} else {
			t = (-r.From + math.Sqrt(r.From*r.From+4*a*float64(k))) / (2 * a)
		}
		out[k] = time.Duration(t * float64(time.Second))
	}
	return out
}

// LoadOptions configures RunLoad.
type LoadOptions struct {
	// Options of each emulator; Port must be 0 (each picks a free one).
	Options
	// Ramp is the arrival rate over time.
	Ramp Ramp
	// MaxRequests caps the requests sent. Default: the ramp's Count.
	MaxRequests int
	// Instances is the size of the emulator pool, 1..MaxInstances: the
	// concurrency a Lambda function would have at most. Each handles one
	// request at a time; a request that finds all of them busy waits. For
	// a Managed Instances function it is the number of execution
	// environments, each running up to its per-environment concurrency.
	// Default: DefaultInstances; 1 environment on Managed Instances.
	Instances int
	// Event is sent with every request. Default: {}.
	Event []byte
	// Drain is how long answers are awaited after the last arrival; what is
	// still waiting then is dropped, what is in flight unanswered. Default:
	// the function's timeout plus 2 s, at most 30 s.
	Drain time.Duration
	// Budget, when set, is checked after the run (LoadReport.Budget).
	// Default: nil, no check.
	Budget *Budget
}

// Sample is one request of a load run; times are from the run's start.
type Sample struct {
	At       time.Duration // due
	Lag      time.Duration // from At until the generator issued it
	Wait     time.Duration // from issue until an emulator took it
	Latency  time.Duration // from issue to the answer: Wait included
	Duration time.Duration // the handler's own time
	Init     time.Duration // init phase, on a cold start
	// Cold says the request ran the init phase.
	Cold bool
	// Instance is the emulator (0-based) that served it: the execution
	// environment on Managed Instances.
	Instance int
	// InFlight is, on Managed Instances, the invocations its environment
	// held when the runtime took this one, itself included.
	InFlight int
	// CrossTalk are the request ids of other invocations its response
	// named (Result.CrossTalk).
	CrossTalk []string
	Sent      bool // handed to an emulator before the run's end
	// Answered says the function's answer arrived before the run's end.
	Answered bool
	Error    string // the function's error type, or why it was not answered
	// Detail says why it failed: the error object's message and the last
	// lines of the function's output, or the unanswered request's error.
	Detail string
}

// Stats summarizes milliseconds.
type Stats struct {
	// Count of the durations summarized.
	Count int `json:"count"`
	// P50 is the median, in milliseconds.
	P50 float64 `json:"p50"`
	// P95 is the 95th percentile, in milliseconds.
	P95 float64 `json:"p95"`
	// P99 is the 99th percentile, in milliseconds.
	P99 float64 `json:"p99"`
	// Max is the longest, in milliseconds.
	Max float64 `json:"max"`
	// Mean is the average, in milliseconds.
	Mean float64 `json:"mean"`
}

// NewStats computes nearest-rank percentiles of durations, in ms.
func NewStats(ds []time.Duration) Stats {
	if len(ds) == 0 {
		return Stats{}
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	rank := func(p float64) float64 {
		i := int(math.Ceil(p/100*float64(len(s)))) - 1
		return msFloat(s[min(max(i, 0), len(s)-1)])
	}
	var sum time.Duration
	for _, d := range s {
		sum += d
	}
	return Stats{Count: len(s), P50: rank(50), P95: rank(95), P99: rank(99), Max: msFloat(s[len(s)-1]), Mean: msFloat(sum / time.Duration(len(s)))}
}

// Second is one second of a load run.
type Second struct {
	// Second of the run, from 0.
	Second int `json:"second"`
	// Due is the number of requests scheduled in that second.
	Due int `json:"due"`
	// Answered is the number answered in it.
	Answered int `json:"answered"`
	// Errors is the number of those that failed.
	Errors int `json:"errors"`
	// ColdStart is the number of those that ran the init phase.
	ColdStart int `json:"coldStarts"`
	// P50 latency of its answers, in milliseconds.
	P50 float64 `json:"p50"`
	// P99 latency of its answers, in milliseconds.
	P99 float64 `json:"p99"`
	// Max latency of its answers, in milliseconds.
	Max float64 `json:"max"`
}

// LoadReport is the outcome of RunLoad. Latency is what a caller waits,
// from sending a request to its answer, waiting for a free instance
// included; Wait is that waiting; Duration is the handler's own time.
type LoadReport struct {
	// Function is the construct path or logical ID of the function run.
	Function string `json:"function"`
	// Runtime of the function, e.g. nodejs24.x.
	Runtime string `json:"runtime"`
	// MemorySizeMB configured on the function.
	MemorySizeMB int `json:"memorySizeMB"`
	// Ramp is the load shape the run followed.
	Ramp struct {
		From        float64 `json:"from"`
		To          float64 `json:"to"`
		DurationSec float64 `json:"durationSec"`
	} `json:"ramp"`
	// Instances is the size of the emulator pool.
	Instances int `json:"instances"`
	// InstancesUsed is how many of them served a request.
	InstancesUsed int `json:"instancesUsed"`
	// CPUs is the number of CPUs of this machine, which the emulators share.
	CPUs int `json:"cpus"`
	// Scheduled = Sent + Dropped; Sent = Answered + unanswered.
	Scheduled int `json:"scheduled"`
	// Sent is the number of requests handed to an emulator.
	Sent int `json:"sent"`
	// Answered is the number of requests answered.
	Answered int `json:"answered"`
	// Dropped is the number of requests still waiting for an instance at the
	// end.
	Dropped int `json:"dropped"`
	// Errors is the number of answered requests that failed.
	Errors int `json:"errors"`
	// ErrorTypes counts the failures by error type.
	ErrorTypes map[string]int `json:"errorTypes,omitempty"`
	// ErrorExamples is the Detail of the first failed request of each type,
	// so a run with errors says why without a rerun.
	ErrorExamples map[string]string `json:"errorExamples,omitempty"`
	// ColdStarts is the number of requests that ran the init phase.
	ColdStarts int `json:"coldStarts"`
	// Latency is what callers waited, from issue to answer.
	Latency Stats `json:"latencyMs"`
	// Duration is the handlers' own time.
	Duration Stats `json:"durationMs"`
	// Wait is the time requests waited for a free instance.
	Wait Stats `json:"waitMs"`
	// Init is the init phase of the cold starts.
	Init Stats `json:"initDurationMs"`
	// MaxMemoryUsedMB is the largest peak RSS of a runtime process.
	MaxMemoryUsedMB int `json:"maxMemoryUsedMB"`
	// ElapsedSec is the run's wall time, in seconds.
	ElapsedSec float64 `json:"elapsedSec"`
	// Timeline is the run second by second.
	Timeline []Second `json:"timeline"`
	// Notes say what the run could not measure or emulate.
	Notes []string `json:"notes,omitempty"`
	// Emulated names the user-mode emulator the runtime ran under: the
	// timings check behaviour, not speed. "" when it ran natively.
	Emulated string `json:"emulated,omitempty"`
	// Budget is the run checked against LoadOptions.Budget, nil without.
	Budget *BudgetCheck `json:"budget,omitempty"`
	// ManagedInstances is set for a function on a capacity provider: its
	// per-environment concurrency, how the environments ran, and what this
	// run cannot reproduce. nil for an on-demand function.
	ManagedInstances *ManagedLoad `json:"managedInstances,omitempty"`
	// Samples are the requests one by one (not in JSON).
	Samples []Sample `json:"-"`
}

// RunLoad sends the ramp to a pool of emulators running fn, on loopback,
// and reports latency percentiles, cold starts and errors. It is bounded:
// at most MaxRequests requests, and it returns by Ramp.Duration + Drain
// (plus the emulators' start and stop).
func RunLoad(ctx context.Context, fn *Function, opts LoadOptions) (*LoadReport, error) {
	if err := opts.Ramp.Validate(); err != nil {
		return nil, err
	}
	if opts.Instances == 0 {
		opts.Instances = DefaultInstances
		if fn.ManagedInstances != nil {
			opts.Instances = 1
		}
	}
	switch {
	case opts.Instances < 1 || opts.Instances > MaxInstances:
		return nil, fmt.Errorf("instances must be 1..%d, got %d", MaxInstances, opts.Instances)
	case opts.Port != 0:
		return nil, errors.New("a load run picks a free port per emulator: leave Port at 0")
	case opts.MaxRequests < 0:
		return nil, fmt.Errorf("max requests must be 0 or more, got %d", opts.MaxRequests)
	case opts.Budget != nil && opts.Budget.Validate() != nil:
		return nil, opts.Budget.Validate()
	}
	if opts.Drain <= 0 {
		opts.Drain = min(time.Duration(fn.TimeoutSec)*time.Second+2*time.Second, 30*time.Second)
	}
	c, err := prepare(ctx, fn, opts.Options)
	if err != nil {
		return nil, err
	}
	defer c.remove()
	p, err := startPool(ctx, c, opts.Instances)
	if err != nil {
		return nil, err
	}
	defer p.close()

	arrivals := opts.Ramp.Arrivals(opts.MaxRequests)
	rep := newLoadReport(fn, opts, c.notes)
	rep.Emulated = c.emulated
	if n := opts.Ramp.Count(); len(arrivals) < n {
		rep.Notes = append(rep.Notes, fmt.Sprintf("the ramp schedules %d requests: capped at %d", n, len(arrivals)))
	}
	rep.Samples = make([]Sample, len(arrivals))
	for i, at := range arrivals {
		rep.Samples[i].At = at
	}
	d := &dispatcher{pool: p, samples: rep.Samples, event: opts.Event}
	start := time.Now()
	runCtx, cancel := context.WithDeadline(ctx, start.Add(opts.Ramp.Duration+opts.Drain))
	defer cancel()
	d.start, d.ctx = start, runCtx

	for i, at := range arrivals {
		if wait := time.Until(start.Add(at)); wait > 0 {
			select {
			case <-time.After(wait):
			case <-runCtx.Done():
			}
		}
		if runCtx.Err() != nil {
			break
		}
		d.arrive(i)
	}
	d.wg.Wait()
	rep.ElapsedSec = math.Round(time.Since(start).Seconds()*100) / 100
	rep.InstancesUsed = p.used()
	d.mu.Lock()
	rep.MaxMemoryUsedMB = d.peakMB
	d.mu.Unlock()
	if mi := fn.ManagedInstances; mi != nil {
		m := &ManagedLoad{ManagedInstances: *mi, Environments: c.environmentReport(), NotEmulated: mi.NotEmulated(opts.Instances)}
		for _, s := range rep.Samples {
			if len(s.CrossTalk) > 0 {
				if m.CrossTalk == 0 {
					m.CrossTalkExample = fmt.Sprintf("an answer at %s ms named the request id %s of another invocation", ms(s.At), s.CrossTalk[0])
				}
				m.CrossTalk++
			}
		}
		rep.ManagedInstances = m
	}
	rep.summarize()
	if opts.Budget != nil {
		rep.Budget = rep.CheckBudget(*opts.Budget)
	}
	if err := ctx.Err(); err != nil {
		return rep, err
	}
	return rep, nil
}

// dispatcher sends due requests to the pool: each waits for an instance
// as Lambda's requests wait for an environment, up to the run's end.
type dispatcher struct {
	pool    *pool
	samples []Sample
	event   []byte
	start   time.Time
	ctx     context.Context

	mu     sync.Mutex
	peakMB int
	wg     sync.WaitGroup
}

func (d *dispatcher) arrive(i int) {
	s := &d.samples[i]
	s.Lag = max(time.Since(d.start)-s.At, 0)
	d.wg.Add(1)
	go func() {
		defer d.wg.Done()
		slot, in, err := d.pool.acquire(d.ctx)
		if err != nil {
			if d.ctx.Err() == nil {
				// A broken instance that could not be restarted.
				s.Sent, s.Instance, s.Error, s.Detail = true, d.pool.instanceOf(slot), "instance unavailable", err.Error()
			}
			return // else still waiting at the run's end: dropped
		}
		d.run(d.pool.instanceOf(slot), in, i)
		d.pool.release(slot)
	}()
}

func (d *dispatcher) run(instance int, in *Instance, i int) {
	s := &d.samples[i]
	s.Instance, s.Sent = instance, true
	s.Wait = max(time.Since(d.start)-s.At-s.Lag, 0)
	res, err := in.Invoke(d.ctx, d.event)
	if err != nil {
		if d.ctx.Err() != nil {
			s.Error = "not answered within the run"
		} else {
			s.Error = err.Error()
		}
		s.Detail = err.Error()
		return
	}
	s.Answered = true
	s.Latency = s.Wait + res.Report.Latency
	s.Duration, s.Init, s.Cold = res.Report.Duration, res.Report.Init(), res.Report.Cold
	s.InFlight, s.CrossTalk = res.Report.InFlight, res.CrossTalk
	s.Error = res.FunctionError
	if s.Error != "" {
		s.Detail = errorDetail(res)
	}
	d.mu.Lock()
	d.peakMB = max(d.peakMB, res.Report.MaxMemoryUsedMB)
	d.mu.Unlock()
}

// ManagedLoad is how a Managed Instances function ran in a load run.
type ManagedLoad struct {
	// ManagedInstances is the function's concurrency and runtime model.
	ManagedInstances
	// Environments says how its environments ran: inits, peak in flight.
	Environments EnvironmentReport `json:"environments"`
	// CrossTalk is the number of answers that named another invocation's
	// request id (Result.CrossTalk): state shared between concurrent
	// invocations.
	CrossTalk int `json:"crossTalk"`
	// CrossTalkExample says what the first of them named.
	CrossTalkExample string `json:"crossTalkExample,omitempty"`
	// NotEmulated says what of Managed Instances the run cannot reproduce.
	NotEmulated []string `json:"notEmulated"`
}

// Init is the init duration of a cold start, 0 when warm.
func (r Report) Init() time.Duration {
	if r.Cold {
		return r.InitDuration
	}
	return 0
}

func newLoadReport(fn *Function, opts LoadOptions, notes []string) *LoadReport {
	rep := &LoadReport{
		Function:     fn.Name(),
		Runtime:      fn.Runtime,
		MemorySizeMB: fn.MemoryMiB,
		Instances:    opts.Instances,
		CPUs:         runtime.NumCPU(),
		Notes:        slices.Clone(notes),
	}
	rep.Ramp.From, rep.Ramp.To = opts.Ramp.From, opts.Ramp.To
	rep.Ramp.DurationSec = opts.Ramp.Duration.Seconds()
	return rep
}

// summarize counts and computes the statistics from the samples.
func (rep *LoadReport) summarize() {
	rep.Scheduled = len(rep.Samples)
	var latency, duration, wait, init []time.Duration
	var lag time.Duration
	seconds := map[int]*Second{}
	perSecond := map[int][]time.Duration{}
	for _, s := range rep.Samples {
		sec := int(s.At / time.Second)
		b := seconds[sec]
		if b == nil {
			b = &Second{Second: sec}
			seconds[sec] = b
		}
		b.Due++
		if !s.Sent {
			rep.Dropped++
			continue
		}
		rep.Sent++
		lag = max(lag, s.Lag)
		if !s.Answered {
			rep.Errors++
			b.Errors++
			rep.countError(s)
			continue
		}
		rep.Answered++
		b.Answered++
		latency = append(latency, s.Latency)
		duration = append(duration, s.Duration)
		wait = append(wait, s.Wait)
		perSecond[sec] = append(perSecond[sec], s.Latency)
		if s.Cold {
			rep.ColdStarts++
			b.ColdStart++
			init = append(init, s.Init)
		}
		if s.Error != "" {
			rep.Errors++
			b.Errors++
			rep.countError(s)
		}
	}
	rep.Latency, rep.Duration, rep.Wait, rep.Init = NewStats(latency), NewStats(duration), NewStats(wait), NewStats(init)
	if lag > 20*time.Millisecond {
		rep.Notes = append(rep.Notes, fmt.Sprintf("the load generator fell behind the ramp by up to %s ms: this machine is saturated, the rates above what it sustained were not offered on time", ms(lag)))
	}
	keys := make([]int, 0, len(seconds))
	for k := range seconds {
		keys = append(keys, k)
	}
	sort.Ints(keys)
	for _, k := range keys {
		b := seconds[k]
		st := NewStats(perSecond[k])
		b.P50, b.P99, b.Max = st.P50, st.P99, st.Max
		rep.Timeline = append(rep.Timeline, *b)
	}
}

// countError counts the failed sample s by type and keeps the first
// Detail of each type (samples are in due order).
func (rep *LoadReport) countError(s Sample) {
	if rep.ErrorTypes == nil {
		rep.ErrorTypes, rep.ErrorExamples = map[string]int{}, map[string]string{}
	}
	if rep.ErrorTypes[s.Error] == 0 && s.Detail != "" {
		rep.ErrorExamples[s.Error] = s.Detail
	}
	rep.ErrorTypes[s.Error]++
}

// ErrorMessage is the errorMessage of Lambda's error object in payload, ""
// when payload is no error object.
func ErrorMessage(payload []byte) string {
	var obj struct {
		ErrorMessage string `json:"errorMessage"`
	}
	if json.Unmarshal(payload, &obj) != nil {
		return ""
	}
	return obj.ErrorMessage
}

// Bounds of an error's Detail: a load run can fail thousands of times.
const (
	detailMessageBytes = 512
	detailLogLines     = 5
	detailLineBytes    = 200
)

// clip cuts s to n bytes on a rune boundary, marking the cut.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return strings.ToValidUTF8(s[:n], "") + "..."
}

// errorDetail is why an invocation failed: its error message (else the
// emulator's cause, else the payload) and the last lines the function
// wrote, where a crash says why.
func errorDetail(r *Result) string {
	msg := ErrorMessage(r.Payload)
	if msg == "" {
		msg = r.Cause
	}
	if msg == "" {
		msg = strings.TrimSpace(string(r.Payload))
	}
	msg = clip(msg, detailMessageBytes)
	var lines []string
	for _, l := range strings.Split(strings.TrimSpace(r.Logs), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			lines = append(lines, clip(l, detailLineBytes))
		}
	}
	if len(lines) > detailLogLines {
		lines = lines[len(lines)-detailLogLines:]
	}
	if len(lines) == 0 {
		return msg
	}
	return msg + "; last output: " + strings.Join(lines, " | ")
}
