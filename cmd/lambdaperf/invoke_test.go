package main

import (
	"debug/elf"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/lambdaperf/lambdaperf/localinvoke"
)

const invokeHint = "Run 'lambdaperf invoke -h' for usage."

// echoHandler is a Node.js function for the CLI tests.
const echoHandler = `exports.handler = async (event, context) => {
  if (event.fail) throw new Error(event.fail);
  console.log("hello from the handler");
  return { echo: event.echo ?? null, stage: process.env.STAGE, table: process.env.TABLE, memory: context.memoryLimitInMB, key: process.env.AWS_ACCESS_KEY_ID };
};
`

// otherArchHeader is the ELF header of an executable for the architecture
// this machine is not, and that architecture's Lambda name.
func otherArchHeader() ([]byte, string) {
	m, name := elf.EM_AARCH64, "arm64"
	if runtime.GOARCH == "arm64" {
		m, name = elf.EM_X86_64, "x86_64"
	}
	h := make([]byte, 64)
	copy(h, elf.ELFMAG)
	h[elf.EI_CLASS], h[elf.EI_DATA], h[elf.EI_VERSION] = byte(elf.ELFCLASS64), byte(elf.ELFDATA2LSB), byte(elf.EV_CURRENT)
	le := binary.LittleEndian
	le.PutUint16(h[16:], uint16(elf.ET_EXEC))
	le.PutUint16(h[18:], uint16(m))
	le.PutUint32(h[20:], uint32(elf.EV_CURRENT))
	le.PutUint16(h[52:], 64)
	le.PutUint16(h[54:], 56)
	le.PutUint16(h[58:], 64)
	return h, name
}

// invokeAssembly writes a cloud assembly with stack Test: Echo (Node.js),
// Arm (a bootstrap for the other architecture) and Jv (Java).
func invokeAssembly(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	header, arch := otherArchHeader()
	files := map[string][]byte{
		"asset.echo/index.js":     []byte(echoHandler),
		"asset.arm/bootstrap":     header,
		"asset.jv/app.jar":        []byte("PK"),
		"Test.template.json":      nil,
		"manifest.json":           nil,
		"asset.echo/package.json": []byte(`{"type": "commonjs"}`),
	}
	fn := func(id, rt, handler, asset string, extra map[string]any) map[string]any {
		props := map[string]any{"Runtime": rt, "Handler": handler, "MemorySize": 256, "Timeout": 5}
		for k, v := range extra {
			props[k] = v
		}
		return map[string]any{
			"Type": "AWS::Lambda::Function", "Properties": props,
			"Metadata": map[string]any{"aws:cdk:path": "Test/" + id + "/Function/Resource", "aws:asset:path": asset},
		}
	}
	tpl := map[string]any{"Resources": map[string]any{
		"EchoFunction": fn("Echo", "nodejs22.x", "index.handler", "asset.echo", map[string]any{
			"Environment": map[string]any{"Variables": map[string]any{"STAGE": "dev", "TABLE": map[string]any{"Ref": "Items"}}},
		}),
		"ArmFunction": fn("Arm", "provided.al2023", "bootstrap", "asset.arm", map[string]any{"Architectures": []string{arch}}),
		"JvFunction":  fn("Jv", "java21", "example.Handler::handleRequest", "asset.jv", nil),
	}}
	files["Test.template.json"], _ = json.Marshal(tpl)
	files["manifest.json"], _ = json.Marshal(map[string]any{"version": "48.0.0", "artifacts": map[string]any{
		"Test": map[string]any{"type": "aws:cloudformation:stack", "properties": map[string]any{"templateFile": "Test.template.json"}},
	}})
	for name, data := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		mode := os.FileMode(0o644)
		if strings.HasSuffix(name, "bootstrap") {
			mode = 0o755
		}
		if err := os.WriteFile(p, data, mode); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestInvoke(t *testing.T) {
	asm := invokeAssembly(t)
	event := writeTemp(t, "event.json", `{"echo": "hi"}`)

	t.Run("prints the response and a REPORT line per invocation", func(t *testing.T) {
		code, stdout, stderr := runCLI("invoke", "--event", event, "--count", "2", "--env", "TABLE=items", asm, "Test/Echo")
		if code != 0 {
			t.Fatalf("exit %d, stderr:\n%s", code, stderr)
		}
		lines := strings.Split(strings.TrimSuffix(stdout, "\n"), "\n")
		if len(lines) != 4 {
			t.Fatalf("stdout:\n%s\nwant response, REPORT, response, REPORT", stdout)
		}
		for _, i := range []int{0, 2} {
			var resp map[string]any
			if err := json.Unmarshal([]byte(lines[i]), &resp); err != nil || resp["echo"] != "hi" || resp["stage"] != "dev" || resp["table"] != "items" || resp["memory"] != "256" {
				t.Errorf("response %q", lines[i])
			}
		}
		cold, warm := lines[1], lines[3]
		for _, want := range []string{"REPORT RequestId: ", "\tInit Duration: ", " ms\tDuration: ", "\tBilled Duration: ", "\tMemory Size: 256 MB\tMax Memory Used: "} {
			if !strings.Contains(cold, want) {
				t.Errorf("cold REPORT %q misses %q", cold, want)
			}
		}
		if !strings.HasPrefix(warm, "REPORT RequestId: ") || strings.Contains(warm, "Init Duration") {
			t.Errorf("warm REPORT %q", warm)
		}
		if strings.Count(stderr, "INFO\thello from the handler") != 2 || strings.Contains(stderr, "unresolved") {
			t.Errorf("stderr (the function's output, no placeholder note):\n%s", stderr)
		}
	})
	t.Run("says which values are placeholders", func(t *testing.T) {
		code, _, stderr := runCLI("invoke", asm, "EchoFunction")
		if code != 0 || !strings.Contains(stderr, `note: TABLE: unresolved CloudFormation value in the template, run with placeholder "unresolved-TABLE" (set real values with --env TABLE=VALUE)`) {
			t.Errorf("exit %d, stderr:\n%s", code, stderr)
		}
	})
	t.Run("json output", func(t *testing.T) {
		code, stdout, stderr := runCLI("invoke", "--format", "json", "--count", "2", "--event", event, asm, "Test/Echo")
		if code != 0 {
			t.Fatalf("exit %d, stderr:\n%s", code, stderr)
		}
		var got struct {
			Function    string
			LogicalID   string
			Runtime     string
			Invocations []struct {
				Response      map[string]any
				FunctionError string
				Logs          string
				Report        map[string]any
			}
			Notes []string
		}
		if err := json.Unmarshal([]byte(stdout), &got); err != nil {
			t.Fatalf("%v\n%s", err, stdout)
		}
		if got.Function != "Test/Echo/Function" || got.LogicalID != "EchoFunction" || got.Runtime != "nodejs22.x" || len(got.Invocations) != 2 || len(got.Notes) == 0 {
			t.Fatalf("%+v", got)
		}
		first, second := got.Invocations[0], got.Invocations[1]
		if first.Response["echo"] != "hi" || !strings.Contains(first.Logs, "hello from the handler") {
			t.Errorf("first invocation %+v", first)
		}
		for _, k := range []string{"requestId", "durationMs", "billedDurationMs", "memorySizeMB", "maxMemoryUsedMB", "latencyMs", "emulator"} {
			if _, ok := first.Report[k]; !ok {
				t.Errorf("report misses %s: %v", k, first.Report)
			}
		}
		if first.Report["cold"] != true || first.Report["initDurationMs"] == nil || second.Report["cold"] != false || second.Report["initDurationMs"] != nil {
			t.Errorf("cold/warm: %v / %v", first.Report, second.Report)
		}
	})
	t.Run("credentials are placeholders unless --aws-credentials", func(t *testing.T) {
		t.Setenv("AWS_ACCESS_KEY_ID", "AKIAFROMTHESHELL")
		t.Setenv("AWS_SECRET_ACCESS_KEY", "secret")
		for flag, want := range map[string]string{"": `"key":"AKIALAMBDAPERFLOCAL0"`, "--aws-credentials": `"key":"AKIAFROMTHESHELL"`} {
			args := []string{"invoke", asm, "Test/Echo"}
			if flag != "" {
				args = append(args, flag)
			}
			if code, stdout, stderr := runCLI(args...); code != 0 || !strings.Contains(stdout, want) {
				t.Errorf("%s: exit %d, stdout %q, stderr %q", args, code, stdout, stderr)
			}
		}
	})
	t.Run("--verbose shows the emulator's log", func(t *testing.T) {
		code, _, stderr := runCLI("invoke", "--verbose", asm, "Test/Echo")
		if code != 0 || !strings.Contains(stderr, "(rapid) INIT REPORT(durationMs: ") {
			t.Errorf("exit %d, stderr:\n%s", code, stderr)
		}
	})
	t.Run("a function error exits 1 with Lambda's error object", func(t *testing.T) {
		fail := writeTemp(t, "fail.json", `{"fail": "boom"}`)
		code, stdout, stderr := runCLI("invoke", "--event", fail, asm, "Test/Echo")
		if code != 1 || !strings.Contains(stdout, `"errorType":"Error","errorMessage":"boom"`) || !strings.Contains(stdout, "REPORT RequestId: ") ||
			!strings.Contains(stderr, "function error: Error\n") {
			t.Errorf("exit %d, stdout:\n%s\nstderr:\n%s", code, stdout, stderr)
		}
	})
	t.Run("a bootstrap for another architecture, emulation refused, says how to fix it", func(t *testing.T) {
		code, stdout, stderr := runCLI("invoke", "--cross-arch", "refuse", asm, "Test/Arm")
		_, arch := otherArchHeader()
		want := fmt.Sprintf("lambdaperf invoke: asset not built for the host: %s bootstrap on an %s machine — synthesize with Architecture X86_64 or run on %s\n", arch, runtime.GOARCH, arch)
		if runtime.GOARCH == "arm64" {
			want = "lambdaperf invoke: asset not built for the host: x86_64 bootstrap on an arm64 machine — synthesize with Architecture ARM64 or run on x86_64\n"
		}
		if code != 2 || stdout != "" || stderr != want {
			t.Errorf("exit %d, stderr %q\nwant %q", code, stderr, want)
		}
	})
	t.Run("a bootstrap for another architecture without QEMU says how to install it", func(t *testing.T) {
		code, stdout, stderr := runCLI("invoke", "--qemu", "/nonexistent/qemu", asm, "Test/Arm")
		if code != 2 || stdout != "" || !strings.Contains(stderr, "apt-get install qemu-user") {
			t.Errorf("exit %d, stderr %q", code, stderr)
		}
	})
	t.Run("a rebuild without the recorded Go source says so", func(t *testing.T) {
		code, _, stderr := runCLI("invoke", "--cross-arch", "rebuild", asm, "Test/Arm")
		if code != 2 || !strings.Contains(stderr, "needs the Go source recorded at synthesis") {
			t.Errorf("exit %d, stderr %q", code, stderr)
		}
	})
	t.Run("a Java function is refused", func(t *testing.T) {
		code, _, stderr := runCLI("invoke", asm, "JvFunction")
		if code != 2 || !strings.Contains(stderr, "lambdaperf invoke: Test/Jv/Function: not supported locally: runtime java21") {
			t.Errorf("exit %d, stderr %q", code, stderr)
		}
	})
	t.Run("a port in use", func(t *testing.T) {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		defer ln.Close()
		port := strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
		code, _, stderr := runCLI("invoke", "--port", port, asm, "Test/Echo")
		if code != 2 || !strings.Contains(stderr, "lambdaperf invoke: port in use: 127.0.0.1:"+port+" is taken by another program") {
			t.Errorf("exit %d, stderr %q", code, stderr)
		}
	})
}

func TestInvokeBadInput(t *testing.T) {
	asm := invokeAssembly(t)
	notJSON := writeTemp(t, "bad.json", "{")
	for _, c := range []struct {
		name string
		args []string
		want string
	}{
		{"no arguments", nil, "missing ASSEMBLY (a cdk.out folder) and FUNCTION"},
		{"no function", []string{asm}, "missing FUNCTION after " + asm},
		{"an extra argument", []string{asm, "Test/Echo", "more"}, `unexpected argument "more"`},
		{"an unknown function lists the ones there are", []string{asm, "Nope"},
			`unknown function "Nope" in ` + asm + `; available: Test/Arm/Function (ArmFunction), Test/Echo/Function (EchoFunction), Test/Jv/Function (JvFunction)`},
		{"an assembly that does not exist", []string{filepath.Join(asm, "missing"), "Echo"}, "no such file or directory"},
		{"a bad count", []string{"--count", "0", asm, "Test/Echo"}, "--count must be 1..100, got 0"},
		{"a bad format", []string{"--format", "xml", asm, "Test/Echo"}, `--format must be text or json, got "xml"`},
		{"a bad port", []string{"--port", "70000", asm, "Test/Echo"}, "--port must be 1..65535, got 70000"},
		{"a missing event file", []string{"--event", filepath.Join(asm, "none.json"), asm, "Test/Echo"}, "--event: cannot read " + filepath.Join(asm, "none.json") + ": no such file or directory"},
		{"an event that is not JSON", []string{"--event", notJSON, asm, "Test/Echo"}, "--event: " + notJSON + " is not JSON"},
		{"a bad --env", []string{"--env", "NOEQUALS", asm, "Test/Echo"}, `invalid value "NOEQUALS" for --env: want KEY=VALUE, got "NOEQUALS"`},
		{"an unknown flag", []string{"--nope", asm, "Test/Echo"}, "unknown flag --nope"},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, stdout, stderr := runCLI(append([]string{"invoke"}, c.args...)...)
			if c.name == "an assembly that does not exist" {
				if code != 2 || stdout != "" || !strings.HasPrefix(stderr, "lambdaperf invoke: cannot read ") || !strings.HasSuffix(stderr, c.want+"\n") {
					t.Errorf("exit %d, stderr %q", code, stderr)
				}
				return
			}
			checkUsageError(t, code, stdout, stderr, c.want, invokeHint)
		})
	}
	t.Run("-h prints the usage", func(t *testing.T) {
		code, stdout, _ := runCLI("invoke", "-h")
		if code != 0 || !strings.Contains(stdout, "Usage: lambdaperf invoke [flags] ASSEMBLY FUNCTION") || !strings.Contains(stdout, "--event FILE") {
			t.Errorf("exit %d, stdout:\n%s", code, stdout)
		}
	})
}

func TestFunctionErrorLine(t *testing.T) {
	exited := "Invoke failed error=Runtime exited with error: exit status 4 InvokeID=x"
	for _, c := range []struct {
		name string
		r    localinvoke.Result
		want string
	}{
		{"an answer", localinvoke.Result{Payload: []byte(`{"ok":true}`)}, ""},
		{"a handler's error is in its error object", localinvoke.Result{FunctionError: "Error", Payload: []byte(`{"errorType":"Error","errorMessage":"boom"}`)},
			"function error: Error"},
		{"a runtime that exited after answering: only the cause says why", localinvoke.Result{FunctionError: "Runtime.ExitError", Payload: []byte(`{"ok":true}`), Cause: exited},
			"function error: Runtime.ExitError: " + exited},
		{"a cause the error object already carries is not repeated", localinvoke.Result{FunctionError: "Runtime.ExitError", Cause: exited,
			Payload: []byte(`{"errorType":"Runtime.ExitError","errorMessage":"` + exited + `"}`)}, "function error: Runtime.ExitError"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := functionErrorLine(&c.r); got != c.want {
				t.Errorf("got  %q\nwant %q", got, c.want)
			}
		})
	}
}
