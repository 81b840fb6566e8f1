//go:build linux

package hostile

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/lambdaperf/lambdaperf/internal/artillerytest"
)

// HTTP clients against serve: impatient, slow, idle, half-closed, and a
// function that outgrows its memory.

// stallBound covers serve's 30 s client timeouts (localinvoke's
// DefaultReadTimeout, DefaultWriteTimeout and DefaultIdleTimeout) with
// room for a loaded machine.
const stallBound = 90 * time.Second

// hostPort is the address of a serve URL.
func hostPort(url string) string {
	return strings.TrimSuffix(strings.TrimPrefix(url, "http://"), "/")
}

// openConns opens n connections to url and writes send on each.
func openConns(t *testing.T, url string, n int, send string) []net.Conn {
	t.Helper()
	conns := make([]net.Conn, 0, n)
	for range n {
		c, err := net.Dial("tcp", hostPort(url))
		if err != nil {
			t.Fatalf("connection %d: %v", len(conns)+1, err)
		}
		t.Cleanup(func() { c.Close() })
		if _, err := io.WriteString(c, send); err != nil {
			t.Fatal(err)
		}
		conns = append(conns, c)
	}
	return conns
}

// closedBy fails the case for every connection the server still holds at
// deadline (a read neither ends nor errs by then).
func closedBy(t *testing.T, conns []net.Conn, deadline time.Time) {
	t.Helper()
	held := 0
	var wg sync.WaitGroup
	var mu sync.Mutex
	for _, c := range conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c.SetReadDeadline(deadline)
			_, err := io.Copy(io.Discard, c)
			if ne, ok := err.(net.Error); ok && ne.Timeout() {
				mu.Lock()
				held++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if held > 0 {
		t.Errorf("%d of %d connections still held by the server at the deadline", held, len(conns))
	}
}

// emulatorOf returns the pid of an emulator started by a run in tmp.
func emulatorOf(t *testing.T, tmp string) int {
	t.Helper()
	for _, pid := range leftovers(tmp) {
		cmd, _ := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/cmdline")
		if strings.Contains(filepath.Base(strings.SplitN(string(cmd), "\x00", 2)[0]), "aws-lambda-rie") {
			return pid
		}
	}
	t.Fatal("no emulator runs")
	return 0
}

func init() {
	register(
		Case{Area: "http", Name: "200 clients that give up after 100 ms on a call of 500 ms",
			Want:      "the calls they left run to their end, the queued ones are dropped, and every later request is answered 200: zero 502 (all 50 were 502: the emulator hit AlreadyReserved and panicked, and the pool kept picking it)",
			TimeBound: runBound, MemBound: runMem,
			Run: func(t *testing.T, h *H) {
				r := withServe(t, h, 4, 256, func(s *serving) {
					url := s.URL
					impatient := &http.Client{Timeout: 100 * time.Millisecond}
					var gaveUp atomic.Int64
					var wg sync.WaitGroup
					for range 200 {
						wg.Add(1)
						go func() {
							defer wg.Done()
							resp, err := impatient.Get(url + "?sleepMs=500")
							if err != nil {
								gaveUp.Add(1)
								return
							}
							resp.Body.Close()
						}()
					}
					wg.Wait()
					if gaveUp.Load() < 150 {
						t.Fatalf("only %d of 200 clients gave up", gaveUp.Load())
					}
					if got := statusCounts(url, 50); got[200] != 50 {
						t.Errorf("50 requests after %d clients gave up: %v", gaveUp.Load(), got)
					}
				})
				if i := strings.LastIndex(r.Stdout, "lambdaperf serve: stopped"); i >= 0 {
					t.Log(strings.TrimSpace(r.Stdout[i:]))
				}
			}},
		Case{Area: "http", Name: "500 Artillery virtual users that give up after 100 ms on calls of 300 ms",
			Want:      "a second Artillery run of 100 patient users then gets 100 answers of 200 and zero 502 (it got 502s: the instances the impatient users left were broken for good)",
			TimeBound: 3 * time.Minute, MemBound: runMem,
			Run: func(t *testing.T, h *H) {
				withServe(t, h, 4, 256, func(s *serving) {
					url := s.URL
					target := strings.TrimSuffix(url, "/")
					bin := artillerytest.Bin(t, repoDir())
					impatient := artillerytest.Run(t, bin, artillerytest.Users(target, 100, 5, 0.1, "/?sleepMs=300"))
					if impatient["errors.ETIMEDOUT"] < 400 || impatient["http.codes.502"] > 0 {
						t.Errorf("the impatient run: %d users gave up, %d answered 502: want most to give up and none a 502", impatient["errors.ETIMEDOUT"], impatient["http.codes.502"])
					}
					patient := artillerytest.Run(t, bin, artillerytest.Users(target, 20, 5, 30, "/"))
					if patient["http.codes.200"] != 100 || patient["http.codes.502"] != 0 {
						t.Errorf("100 patient users after %d impatient ones gave up: %v", impatient["errors.ETIMEDOUT"], patient)
					}
					t.Logf("impatient run: %d gave up; patient run: %d answered 200, %d 502", impatient["errors.ETIMEDOUT"], patient["http.codes.200"], patient["http.codes.502"])
				})
			}},
		Case{Area: "http", Name: "the emulator of serve's only instance killed with SIGKILL",
			Want:      "the instance is replaced before its next request (a cold start) and requests are answered 200 (every later request was a 502)",
			TimeBound: runBound, MemBound: runMem,
			Run: func(t *testing.T, h *H) {
				r := withServe(t, h, 1, 256, func(s *serving) {
					url := s.URL
					if got := statusCounts(url, 1); got[200] != 1 {
						t.Fatalf("before: %v", got)
					}
					syscall.Kill(emulatorOf(t, s.Tmp), syscall.SIGKILL)
					time.Sleep(200 * time.Millisecond)
					if got := statusCounts(url, 5); got[200] != 5 {
						t.Errorf("after the kill: %v", got)
					}
				})
				if !strings.Contains(r.Stdout, "1 instance restart") {
					t.Errorf("the summary does not count the restart:\n%s", r.Stdout)
				}
			}},
		Case{Area: "http", Name: "a half-closed client: the request sent, then its write side shut",
			Want:      "it gets its answer, 200 (the closed side cancelled the invocation: a 502, and a broken instance)",
			TimeBound: runBound, MemBound: runMem,
			Run: func(t *testing.T, h *H) {
				withServe(t, h, 1, 256, func(s *serving) {
					url := s.URL
					for i := range 3 {
						c := openConns(t, url, 1, "GET /?sleepMs=200 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")[0]
						c.(*net.TCPConn).CloseWrite()
						c.SetReadDeadline(time.Now().Add(20 * time.Second))
						resp, err := http.ReadResponse(bufio.NewReader(c), nil)
						if err != nil {
							t.Fatalf("request %d: %v", i+1, err)
						}
						resp.Body.Close()
						if resp.StatusCode != 200 {
							t.Errorf("half-closed request %d: %d", i+1, resp.StatusCode)
						}
					}
				})
			}},
		Case{Area: "http", Name: "300 connections that stop sending mid-body",
			Want:      "each is closed 30 s after it started (no body timeout held all of them)",
			TimeBound: stallBound, Waits: true, MemBound: runMem,
			Run: func(t *testing.T, h *H) {
				withServe(t, h, 1, 256, func(s *serving) {
					url := s.URL
					began := time.Now()
					conns := openConns(t, url, 300, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\nabc")
					if got := statusCounts(url, 1); got[200] != 1 {
						t.Errorf("a request beside them: %v", got)
					}
					closedBy(t, conns, began.Add(45*time.Second))
				})
			}},
		Case{Area: "http", Name: "300 kept-alive connections left idle after a request",
			Want:      "each is closed 30 s after its answer (no idle timeout held all of them)",
			TimeBound: stallBound, Waits: true, MemBound: runMem,
			Run: func(t *testing.T, h *H) {
				withServe(t, h, 2, 256, func(s *serving) {
					url := s.URL
					began := time.Now()
					conns := openConns(t, url, 300, "GET / HTTP/1.1\r\nHost: x\r\n\r\n")
					for i, c := range conns {
						c.SetReadDeadline(time.Now().Add(30 * time.Second))
						br := bufio.NewReader(c)
						resp, err := http.ReadResponse(br, nil)
						if err != nil {
							t.Fatalf("connection %d: %v", i+1, err)
						}
						io.Copy(io.Discard, resp.Body)
						resp.Body.Close()
						conns[i] = &bufferedConn{Conn: c, r: br}
					}
					closedBy(t, conns, began.Add(60*time.Second))
				})
			}},
		Case{Area: "http", Name: "10 clients that never read their 4 MiB answers",
			Want:      "serve lets go of each connection 30 s after it began to write (it held them, and their answers, as long as the clients lived)",
			TimeBound: stallBound, Waits: true, MemBound: 384 << 20,
			Run: func(t *testing.T, h *H) {
				withServe(t, h, 1, 256, func(s *serving) {
					url := s.URL
					if got := statusCounts(url, 1); got[200] != 1 {
						t.Fatalf("before: %v", got)
					}
					before := sockets(s.Proc.Cmd.Process.Pid)
					began := time.Now()
					for range 10 {
						c, err := net.Dial("tcp", hostPort(url))
						if err != nil {
							t.Fatal(err)
						}
						t.Cleanup(func() { c.Close() })
						c.(*net.TCPConn).SetReadBuffer(4096)
						fmt.Fprintf(c, "GET /?respondBytes=%d HTTP/1.1\r\nHost: x\r\n\r\n", 4<<20)
					}
					for sockets(s.Proc.Cmd.Process.Pid) < before+10 && time.Since(began) < 20*time.Second {
						time.Sleep(50 * time.Millisecond) // until serve has taken them all
					}
					deadline := began.Add(50 * time.Second)
					for sockets(s.Proc.Cmd.Process.Pid) > before && time.Now().Before(deadline) {
						time.Sleep(250 * time.Millisecond)
					}
					if n := sockets(s.Proc.Cmd.Process.Pid); n > before {
						t.Errorf("serve still holds %d connections more than before the clients, %v after they asked", n-before, time.Since(began).Round(time.Second))
					} else {
						t.Logf("serve let go of them %v after they asked", time.Since(began).Round(time.Second))
					}
					if got := statusCounts(url, 1); got[200] != 1 {
						t.Errorf("a request after them: %v", got)
					}
				})
			}},
		Case{Area: "http", Name: "a request that makes a 128 MiB function hold 1 GiB",
			Want:      "the runtime is killed near 128 MiB, as Lambda kills it (Runtime.ExitError, signal: killed), or dies of its own out-of-memory error where it fills memory faster than the watch samples, and the log says which and names the MemorySize: a 502, and the next request is a cold start answered 200 (it held the whole GiB)",
			TimeBound: runBound, MemBound: 384 << 20,
			Run: func(t *testing.T, h *H) {
				r := withServe(t, h, 1, 128, func(s *serving) {
					url := s.URL
					if got := statusCounts(url+"?holdMiB=1024", 1); got[502] != 1 {
						t.Errorf("1 GiB in 128 MiB: %v, want a 502", got)
					}
					if got := statusCounts(url, 1); got[200] != 1 {
						t.Errorf("the next request: %v", got)
					}
				})
				if !strings.Contains(r.Stderr, "Runtime.ExitError") || !strings.Contains(r.Stderr, "MemorySize of 128 MiB") {
					t.Errorf("serve does not say why:\n%s", clipOut(r.Stderr))
				}
			}},
	)
}

// sockets counts the sockets process pid holds open.
func sockets(pid int) int {
	fds, _ := os.ReadDir("/proc/" + strconv.Itoa(pid) + "/fd")
	n := 0
	for _, fd := range fds {
		if link, err := os.Readlink("/proc/" + strconv.Itoa(pid) + "/fd/" + fd.Name()); err == nil && strings.HasPrefix(link, "socket:") {
			n++
		}
	}
	return n
}

// bufferedConn reads through the reader that holds what was read ahead.
type bufferedConn struct {
	net.Conn
	r *bufio.Reader
}

func (b *bufferedConn) Read(p []byte) (int, error) { return b.r.Read(p) }
