// Package tbrecorder tests test helpers: it runs a helper against a
// testing.TB that records failures instead of reporting them, so a test
// can assert that a helper fails, and with which message.
package tbrecorder

import (
	"fmt"
	"runtime"
	"testing"
)

// Recorder is a testing.TB that records failures. Fatal and FailNow end
// the goroutine Run started, as they end a test.
type Recorder struct {
	testing.TB
	failed  bool
	Msgs    []string // every Error and Fatal message, in order
	Stopped bool     // the helper stopped with Fatal or FailNow
}

// Run calls f with a Recorder backed by t (for TempDir, Cleanup, Name and
// logging) in a goroutine of its own and returns the recorder when f
// returned or stopped. failed starts the recorder as a test that has
// already failed.
func Run(t testing.TB, failed bool, f func(tb testing.TB)) *Recorder {
	r := &Recorder{TB: t, failed: failed}
	done := make(chan struct{})
	go func() {
		defer close(done)
		f(r)
	}()
	<-done
	return r
}

func (r *Recorder) Helper()        {}
func (r *Recorder) Failed() bool   { return r.failed }
func (r *Recorder) Fail()          { r.failed = true }
func (r *Recorder) Error(a ...any) { r.Errorf("%s", fmt.Sprint(a...)) }
func (r *Recorder) Errorf(format string, args ...any) {
	r.failed = true
	r.Msgs = append(r.Msgs, fmt.Sprintf(format, args...))
}
func (r *Recorder) FailNow()                          { r.failed, r.Stopped = true, true; runtime.Goexit() }
func (r *Recorder) Fatal(a ...any)                    { r.Errorf("%s", fmt.Sprint(a...)); r.FailNow() }
func (r *Recorder) Fatalf(format string, args ...any) { r.Errorf(format, args...); r.FailNow() }
