package localinvoke

import (
	"bufio"
	"io"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"
)

// EmulatorReport is the emulator's own REPORT line. Its Init Duration is
// the time to hand the init to the runtime and its Duration includes the
// init on a cold start; its Max Memory Used repeats the memory size. Report
// has the measured values.
type EmulatorReport struct {
	// Line is the REPORT line as the emulator printed it.
	Line string `json:"line"`
	// InitDuration as the emulator reports it.
	InitDuration time.Duration `json:"-"`
	// Duration as the emulator reports it.
	Duration time.Duration `json:"-"`
	// BilledDuration as the emulator reports it.
	BilledDuration time.Duration `json:"-"`
	// MemorySizeMB is the configured memory.
	MemorySizeMB int `json:"memorySizeMB"`
	// MaxMemoryUsedMB as the emulator reports it (the memory size).
	MaxMemoryUsedMB int `json:"maxMemoryUsedMB"`
}

var (
	reReportField = regexp.MustCompile(`(Init Duration|Duration|Billed Duration|Memory Size|Max Memory Used): ([0-9.]+) (ms|MB)`)
	reInitReport  = regexp.MustCompile(`\(rapid\) INIT REPORT\(durationMs: ([0-9.]+)\)`)
	reInvokeStart = regexp.MustCompile(`\(rapid\) INVOKE START\(requestId: ([^)\s]+)\)`)
	reRTDone      = regexp.MustCompile(`\(rapid\) INVOKE RTDONE\(status: (\w+).*duration: ([0-9.]+)ms\)`)
	reRapidLevel  = regexp.MustCompile(`^.*?\[(ERROR|WARNING|FATAL|PANIC)\] \(rapid\) (.*)$`)
	reFatalType   = regexp.MustCompile(`First fatal error stored in appctx: (\S+)`)
)

// ParseReport reads a REPORT line of the emulator (or of Lambda):
// "REPORT RequestId: ID\tInit Duration: 1.2 ms\tDuration: 3.4 ms\t...".
func ParseReport(line string) (id string, r EmulatorReport, ok bool) {
	rest, found := strings.CutPrefix(strings.TrimSpace(line), "REPORT RequestId: ")
	if !found {
		return "", r, false
	}
	id, _, _ = strings.Cut(rest, "\t")
	id = strings.TrimSpace(id)
	r.Line = strings.TrimSpace(line)
	for _, m := range reReportField.FindAllStringSubmatch(line, -1) {
		v, err := strconv.ParseFloat(m[2], 64)
		if err != nil {
			continue
		}
		d := msDuration(v)
		switch m[1] {
		case "Init Duration":
			r.InitDuration = d
		case "Duration":
			r.Duration = d
		case "Billed Duration":
			r.BilledDuration = d
		case "Memory Size":
			r.MemorySizeMB = int(v)
		case "Max Memory Used":
			r.MaxMemoryUsedMB = int(v)
		}
	}
	return id, r, id != ""
}

func msDuration(ms float64) time.Duration { return time.Duration(ms * float64(time.Millisecond)) }

// maxLogBytes bounds the output kept per invocation.
const maxLogBytes = 64 << 10

// invocationLog is what the emulator's output says about one invocation.
type invocationLog struct {
	output   strings.Builder
	dropped  bool
	emulator *EmulatorReport
	ended    bool // END line seen
	taken    bool // returned to the caller
	// From the runtime log (stderr).
	started  bool // INVOKE START seen: init and cold are known
	init     time.Duration
	cold     bool
	duration time.Duration
	rtDone   bool
	rtStatus string
	problems []string
}

func (l *invocationLog) write(s string) {
	if l.output.Len()+len(s) > maxLogBytes {
		l.dropped = true
		return
	}
	l.output.WriteString(s)
}

// logState follows an emulator's stdout (START, END, REPORT lines around the
// function's output) and stderr (its runtime log), one invocation at a time.
type logState struct {
	mu      sync.Mutex
	changed chan struct{} // closed and replaced on every update
	byID    map[string]*invocationLog
	// stdout: the invocation between START and the next START, and the
	// output seen before any START (init logs), which goes to the next one.
	current string
	early   strings.Builder
	// stderr: init time and problems not yet claimed by an INVOKE START.
	rapidCurrent  string
	pendingInit   time.Duration
	pendingCold   bool
	pendingIssues []string
	// echo receives the function's output; emulatorLog the runtime log.
	echo, emulatorLog io.Writer
}

func newLogState(echo, emulatorLog io.Writer) *logState {
	return &logState{changed: make(chan struct{}), byID: map[string]*invocationLog{}, echo: echo, emulatorLog: emulatorLog}
}

// entry returns the log of id, creating it. Callers hold mu.
func (s *logState) entry(id string) *invocationLog {
	l := s.byID[id]
	if l == nil {
		l = &invocationLog{}
		s.byID[id] = l
	}
	return l
}

func (s *logState) notify() {
	close(s.changed)
	s.changed = make(chan struct{})
}

func (s *logState) stdoutLine(line string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	defer s.notify()
	trimmed := strings.TrimRight(line, "\r\n")
	switch {
	case strings.HasPrefix(trimmed, "START RequestId: "):
		id, _, _ := strings.Cut(strings.TrimPrefix(trimmed, "START RequestId: "), " ")
		s.current = id
		s.prune()
		l := s.entry(id)
		if s.early.Len() > 0 {
			l.write(s.early.String())
			s.early.Reset()
		}
		return
	case strings.HasPrefix(trimmed, "END RequestId: "):
		s.entry(strings.TrimSpace(strings.TrimPrefix(trimmed, "END RequestId: "))).ended = true
		return
	case strings.HasPrefix(trimmed, "REPORT RequestId: "):
		if id, r, ok := ParseReport(trimmed); ok {
			s.entry(id).emulator = &r
			return
		}
	}
	if s.echo != nil {
		io.WriteString(s.echo, line)
	}
	if l := s.byID[s.current]; l != nil && !l.ended {
		l.write(line)
	} else if s.early.Len()+len(line) <= maxLogBytes {
		// Init output, before the first START or between an END and the
		// next START: it belongs to the next invocation.
		s.early.WriteString(line)
	}
}

func (s *logState) stderrLine(line string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	defer s.notify()
	if !strings.Contains(line, "(rapid)") {
		// The function's own stderr, when the emulator passes it here.
		if s.echo != nil {
			io.WriteString(s.echo, line)
		}
		// Output written after an invocation was returned (a runtime that
		// fails between invocations says why here) belongs to the next:
		// the one stdout has started, else the one to come.
		l := s.byID[s.rapidCurrent]
		if l == nil || l.taken {
			l = s.byID[s.current]
		}
		if l != nil && !l.taken {
			l.write(line)
		} else if s.early.Len()+len(line) <= maxLogBytes {
			s.early.WriteString(line)
		}
		return
	}
	if s.emulatorLog != nil {
		io.WriteString(s.emulatorLog, line)
	}
	if m := reInitReport.FindStringSubmatch(line); m != nil {
		v, _ := strconv.ParseFloat(m[1], 64)
		s.pendingInit += msDuration(v)
		s.pendingCold = true
		return
	}
	if m := reInvokeStart.FindStringSubmatch(line); m != nil {
		s.rapidCurrent = m[1]
		s.prune()
		l := s.entry(m[1])
		l.init, l.cold, l.started = s.pendingInit, s.pendingCold, true
		l.problems = append(l.problems, s.pendingIssues...)
		s.pendingInit, s.pendingCold, s.pendingIssues = 0, false, nil
		return
	}
	if m := reRTDone.FindStringSubmatch(line); m != nil && s.rapidCurrent != "" {
		v, _ := strconv.ParseFloat(m[2], 64)
		l := s.entry(s.rapidCurrent)
		l.duration, l.rtDone, l.rtStatus = msDuration(v), true, m[1]
		return
	}
	if m := reRapidLevel.FindStringSubmatch(strings.TrimRight(line, "\r\n")); m != nil {
		msg := m[2]
		if m[1] == "WARNING" && !reFatalType.MatchString(msg) {
			return // resets and shutdowns that follow an error
		}
		if strings.HasPrefix(msg, "Invoke DONE failed") {
			return // repeats the fatal error type
		}
		if s.rapidCurrent != "" && s.byID[s.rapidCurrent] != nil && !s.byID[s.rapidCurrent].rtDone {
			l := s.byID[s.rapidCurrent]
			l.problems = append(l.problems, msg)
		} else {
			s.pendingIssues = append(s.pendingIssues, msg)
		}
	}
}

// rtDoneGrace is how long collect waits for the runtime's RTDONE once the
// REPORT is in: a crash or a timeout never writes one.
const rtDoneGrace = 50 * time.Millisecond

// collect waits, until grace passes or stop closes, for what both streams
// say about invocation id and returns it. The REPORT comes on stdout, the
// INVOKE START that says whether the invocation was cold (and its init
// time) on stderr; two pipes read by two goroutines, so either can be late:
// on a busy machine the REPORT often wins. Waiting for the REPORT alone
// reported a cold start after a crash as warm.
func (s *logState) collect(id string, grace time.Duration, stop <-chan struct{}) invocationLog {
	l := s.wait(id, time.Now().Add(grace), stop, func(l *invocationLog) bool {
		return l.emulator != nil && l.started
	})
	if l.emulator != nil && !l.rtDone {
		// RTDONE comes after INVOKE START on the same stream, usually at once.
		if rt := s.wait(id, time.Now().Add(rtDoneGrace), stop, func(l *invocationLog) bool { return l.rtDone }); rt.emulator != nil {
			l = rt
		}
	}
	return l
}

// follow feeds every line of r to handle until r ends.
func follow(r io.Reader, handle func(string)) {
	br := bufio.NewReaderSize(r, 64<<10)
	for {
		line, err := br.ReadString('\n')
		if line != "" {
			handle(line)
		}
		if err != nil {
			return
		}
	}
}

// wait blocks until done(log of id) holds, the deadline passes or stop is
// closed, and returns a copy of the log.
func (s *logState) wait(id string, deadline time.Time, stop <-chan struct{}, done func(*invocationLog) bool) invocationLog {
	timer := time.NewTimer(time.Until(deadline))
	defer timer.Stop()
	for {
		s.mu.Lock()
		l := s.byID[id]
		if l != nil && done(l) {
			out := s.take(id)
			s.mu.Unlock()
			return out
		}
		ch := s.changed
		s.mu.Unlock()
		select {
		case <-ch:
		case <-timer.C:
			s.mu.Lock()
			defer s.mu.Unlock()
			return s.take(id)
		case <-stop:
			time.Sleep(20 * time.Millisecond) // the last lines of a dying emulator
			s.mu.Lock()
			defer s.mu.Unlock()
			return s.take(id)
		}
	}
}

// take copies the log of id and forgets it, so a long load run keeps
// nothing per request. Callers hold mu.
func (s *logState) take(id string) invocationLog {
	l := s.byID[id]
	if l == nil {
		return invocationLog{}
	}
	out := invocationLog{
		emulator: l.emulator, ended: l.ended, started: l.started, init: l.init, cold: l.cold,
		duration: l.duration, rtDone: l.rtDone, rtStatus: l.rtStatus,
		problems: l.problems, dropped: l.dropped,
	}
	out.output.WriteString(l.output.String())
	l.taken = true
	s.prune()
	return out
}

// prune forgets the invocations already taken, except the ones the
// streams are still writing to. Callers hold mu.
func (s *logState) prune() {
	for id, l := range s.byID {
		if l.taken && id != s.current && id != s.rapidCurrent {
			delete(s.byID, id)
		}
	}
}
