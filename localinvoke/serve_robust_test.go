package localinvoke

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// serveURLEcho serves testdata/urlecho on n instances.
func serveURLEcho(t *testing.T, n int, opts ServeOptions) *Server {
	t.Helper()
	dir := writeAssembly(t, testFn{
		ID: "Url", Runtime: "nodejs24.x", Handler: "index.handler", Memory: 256, Timeout: 5,
		Files: map[string]string{"index.mjs": "@testdata/urlecho/index.mjs"},
	})
	fn, err := Load(dir, "UrlFunction")
	if err != nil {
		t.Fatal(err)
	}
	opts.Options.Emulator, opts.Instances = emulator(t), n
	s, err := Serve(context.Background(), fn, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// statuses sends n GET requests to path one after the other and counts
// the answers by status.
func statuses(t *testing.T, s *Server, path string, n int) map[int]int {
	t.Helper()
	client := &http.Client{Timeout: 20 * time.Second}
	got := map[int]int{}
	for range n {
		resp, err := client.Get(s.URL() + path)
		if err != nil {
			t.Errorf("GET %s: %v", path, err)
			continue
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		got[resp.StatusCode]++
	}
	return got
}

// TestServeRecoversWhenClientsHangUp: clients that give up mid-call used
// to hand their instance back while the emulator was still busy; the next
// request hit AlreadyReserved, the emulator panicked, and every later
// request was a 502 (all 10 of 10 on 2 instances before the fix).
func TestServeRecoversWhenClientsHangUp(t *testing.T) {
	s := serveURLEcho(t, 2, ServeOptions{})
	if got := statuses(t, s, "plain", 2); got[200] != 2 {
		t.Fatalf("before: %v", got)
	}
	began := time.Now()
	impatient := &http.Client{Timeout: 100 * time.Millisecond}
	var wg sync.WaitGroup
	var gaveUp atomic.Int64
	for range 40 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			resp, err := impatient.Get(s.URL() + "sleep?ms=400")
			if err != nil {
				gaveUp.Add(1)
				return
			}
			resp.Body.Close()
		}()
	}
	wg.Wait()
	if gaveUp.Load() < 30 {
		t.Fatalf("only %d of 40 clients gave up", gaveUp.Load())
	}
	got := statuses(t, s, "plain", 20)
	if got[200] != 20 {
		t.Errorf("after %d clients gave up mid-call: %v, want 20 answered 200 and no 502", gaveUp.Load(), got)
	}
	st := s.Stats()
	t.Logf("%d clients gave up; 20 requests after them: %v in %v; stats %+v", gaveUp.Load(), got, time.Since(began).Round(time.Millisecond), st)
	if st.Abandoned < 30 || st.Errors != 0 {
		t.Errorf("stats %+v: the clients that left are counted as abandoned, none as errors", st)
	}
}

func TestServeReplacesADeadEmulator(t *testing.T) {
	s := serveURLEcho(t, 1, ServeOptions{})
	if got := statuses(t, s, "plain", 1); got[200] != 1 {
		t.Fatalf("before: %v", got)
	}
	in := s.pool.all()[0]
	in.cmd.Process.Kill()
	<-in.exited
	if got := statuses(t, s, "plain", 3); got[200] != 3 {
		t.Errorf("after the emulator was killed: %v", got)
	}
	if st := s.Stats(); st.Restarts != 1 || st.ColdStarts != 2 {
		t.Errorf("stats %+v: one restart, and a second cold start", st)
	}
	if alive(in.cmd.Process.Pid) {
		t.Error("the dead instance's emulator still runs")
	}
}

// rawConn dials the server and writes what a misbehaving client sends.
func rawConn(t *testing.T, s *Server, send string) net.Conn {
	t.Helper()
	conn, err := net.Dial("tcp", strings.TrimSuffix(strings.TrimPrefix(s.URL(), "http://"), "/"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	if _, err := io.WriteString(conn, send); err != nil {
		t.Fatal(err)
	}
	return conn
}

// closedWithin reads conn until the server closes it and fails unless that
// happens within limit; it returns what the server sent.
func closedWithin(t *testing.T, conn net.Conn, limit time.Duration) string {
	t.Helper()
	conn.SetReadDeadline(time.Now().Add(limit))
	b, err := io.ReadAll(conn)
	if ne, ok := err.(net.Error); ok && ne.Timeout() {
		t.Errorf("the server still held the connection after %v (read %q)", limit, b)
	}
	return string(b)
}

func openFDs() int {
	fds, _ := os.ReadDir("/proc/self/fd")
	return len(fds)
}

func TestServeBoundsSlowAndBrokenClients(t *testing.T) {
	var mu sync.Mutex
	var served []Served
	s := serveURLEcho(t, 1, ServeOptions{
		HeaderTimeout: 300 * time.Millisecond, ReadTimeout: 600 * time.Millisecond,
		WriteTimeout: 600 * time.Millisecond, IdleTimeout: 300 * time.Millisecond,
		OnInvoke: func(sv Served) { mu.Lock(); served = append(served, sv); mu.Unlock() },
	})
	if got := statuses(t, s, "plain", 1); got[200] != 1 {
		t.Fatalf("before: %v", got)
	}
	fds := openFDs()

	t.Run("slowloris: 200 connections that never finish their headers are closed", func(t *testing.T) {
		conns := make([]net.Conn, 200)
		for i := range conns {
			conns[i] = rawConn(t, s, "GET /plain HTTP/1.1\r\nHost: x\r\nX-Slow: ")
		}
		if got := statuses(t, s, "plain", 1); got[200] != 1 {
			t.Errorf("a request beside them: %v", got)
		}
		for _, c := range conns {
			closedWithin(t, c, 3*time.Second)
		}
	})
	t.Run("a body that stalls is cut at the read timeout", func(t *testing.T) {
		c := rawConn(t, s, "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nabc")
		closedWithin(t, c, 3*time.Second)
	})
	t.Run("a client that aborts mid-body runs nothing", func(t *testing.T) {
		c := rawConn(t, s, "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n"+strings.Repeat("a", 5000))
		c.Close()
	})
	t.Run("a half-closed client gets its answer", func(t *testing.T) {
		c := rawConn(t, s, "GET /plain HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
		c.(*net.TCPConn).CloseWrite()
		resp, err := http.ReadResponse(bufio.NewReader(c), nil)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != 200 || !strings.Contains(string(body), "hello") {
			t.Errorf("half-closed: %d %q", resp.StatusCode, body)
		}
	})
	t.Run("an idle kept-alive connection is closed", func(t *testing.T) {
		c := rawConn(t, s, "GET /plain HTTP/1.1\r\nHost: x\r\n\r\n")
		br := bufio.NewReader(c)
		resp, err := http.ReadResponse(br, nil)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		c.SetReadDeadline(time.Now().Add(3 * time.Second))
		if _, err := br.ReadByte(); err != io.EOF {
			t.Errorf("idle connection: %v, want closed by the server", err)
		}
	})
	t.Run("a client that never reads a large answer is cut at the write timeout", func(t *testing.T) {
		// 4.3 MiB back (base64 in the payload: 5.8 MiB, under the limit)
		// to a client whose receive buffer is 4 KiB and who never reads.
		body := strings.Repeat("b", 4300<<10)
		conn, err := net.Dial("tcp", strings.TrimSuffix(strings.TrimPrefix(s.URL(), "http://"), "/"))
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		conn.(*net.TCPConn).SetReadBuffer(4096)
		fmt.Fprintf(conn, "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: %d\r\n\r\n%s", len(body), body)
		deadline := time.Now().Add(10 * time.Second)
		for {
			mu.Lock()
			n := 0
			for _, sv := range served {
				if sv.Path == "/echo" && sv.Result != nil {
					n++
				}
			}
			mu.Unlock()
			if n > 0 {
				break
			}
			if time.Now().After(deadline) {
				t.Fatal("the handler writing to a client that does not read never returned")
			}
			time.Sleep(50 * time.Millisecond)
		}
	})
	if got := statuses(t, s, "plain", 3); got[200] != 3 {
		t.Errorf("after the slow and broken clients: %v", got)
	}
	mu.Lock()
	for _, sv := range served {
		if sv.Method == "POST" && sv.Result == nil && sv.Instance >= 0 {
			t.Errorf("a request without its body ran on instance %d: %+v", sv.Instance, sv)
		}
	}
	mu.Unlock()
	time.Sleep(500 * time.Millisecond)
	if now := openFDs(); now > fds+5 {
		t.Errorf("%d file descriptors open, %d before the slow clients", now, fds)
	}
}
