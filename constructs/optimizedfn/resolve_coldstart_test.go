package optimizedfn

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"

	"github.com/lambdaperf/lambdaperf/constructs/concurrency"
)

const (
	javaEntry   = "testdata/javafn"
	pythonEntry = "testdata/pyfn"
)

// fakeJDK makes Resolve see a javac of the given feature release, without
// a JDK, so release selection is tested everywhere.
func fakeJDK(t *testing.T, version int) {
	t.Helper()
	t.Setenv("JAVA_HOME", "")
	origLook, origVersion := lookPath, javacVersion
	t.Cleanup(func() { lookPath, javacVersion = origLook, origVersion })
	lookPath = func(name string) (string, error) { return "/jdk/bin/" + name, nil }
	javacVersion = func(string) (int, error) { return version, nil }
}

func TestResolveJavaDefaults(t *testing.T) {
	fakeJDK(t, 21)
	p, err := Resolve("S/Java", &Props{Entry: javaEntry})
	if err != nil {
		t.Fatal(err)
	}
	checks := []struct {
		name      string
		got, want any
	}{
		{"Java sources run on java21", p.Runtime, Java21},
		{"the handler is the one class with handleRequest", p.Handler, "com.example.hello.Hello::handleRequest"},
		{"SnapStart is on by default for Java", p.SnapStart, true},
		{"C1 only, for a shorter cold start", p.Environment["JAVA_TOOL_OPTIONS"], "-XX:+TieredCompilation -XX:TieredStopAtLevel=1"},
		{"javac targets the runtime's release", p.JavaRelease, 21},
		{"javac comes from PATH", p.Javac, "/jdk/bin/javac"},
		{"the entry is the source root", p.JavaSources, p.Entry},
		{"no provisioned concurrency", p.Concurrency == nil, true},
		{"no warnings", len(p.Warnings), 0},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s: got %v, want %v", c.name, c.got, c.want)
		}
	}
}

func TestJavaReleaseIsTheOlderOfJDKAndRuntime(t *testing.T) {
	cases := []struct {
		name    string
		jdk     int
		runtime Runtime
		want    int
	}{
		{"JDK 17 targets 17 for java21: its class files run on Java 21", 17, Java21, 17},
		{"JDK 21 targets java21 exactly", 21, Java21, 21},
		{"JDK 25 targets java21 with --release 21", 25, Java21, 21},
		{"JDK 25 targets java25", 25, Java25, 25},
		{"JDK 21 targets 21 for java25", 21, Java25, 21},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fakeJDK(t, c.jdk)
			p, err := Resolve("", &Props{Entry: javaEntry, Runtime: c.runtime})
			if err != nil {
				t.Fatal(err)
			}
			if p.JavaRelease != c.want {
				t.Errorf("release %d, want %d", p.JavaRelease, c.want)
			}
		})
	}
}

func TestJavaHomeWinsOverPath(t *testing.T) {
	home := t.TempDir()
	writeTestFile(t, filepath.Join(home, "bin", "javac"), "#!/bin/sh\n")
	writeTestFile(t, filepath.Join(home, "release"), "IMPLEMENTOR=\"x\"\nJAVA_VERSION=\"25.0.3\"\n")
	t.Setenv("JAVA_HOME", home)
	p, err := Resolve("", &Props{Entry: javaEntry})
	if err != nil {
		t.Fatal(err)
	}
	if p.Javac != filepath.Join(home, "bin", "javac") || p.JavaRelease != 21 {
		t.Errorf("javac %s release %d, want JAVA_HOME's javac targeting 21", p.Javac, p.JavaRelease)
	}
}

func TestJavaFeature(t *testing.T) {
	for in, want := range map[string]int{"17.0.15": 17, "21": 21, "25.0.3": 25, "1.8.0_392": 8, "21-ea": 21, "22+36": 22} {
		if got, err := javaFeature(in); err != nil || got != want {
			t.Errorf("javaFeature(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
}

func TestJavaColdStartOptionsAreDefaultsOnly(t *testing.T) {
	fakeJDK(t, 21)
	p, err := Resolve("", &Props{Entry: javaEntry, JavaFullJIT: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := p.Environment["JAVA_TOOL_OPTIONS"]; ok {
		t.Error("JavaFullJIT must leave JAVA_TOOL_OPTIONS unset")
	}
	p, err = Resolve("", &Props{Entry: javaEntry, Environment: map[string]string{"JAVA_TOOL_OPTIONS": "-Xshare:auto"}})
	if err != nil {
		t.Fatal(err)
	}
	if got := p.Environment["JAVA_TOOL_OPTIONS"]; got != "-Xshare:auto" {
		t.Errorf("JAVA_TOOL_OPTIONS = %q: the user's value must win", got)
	}
}

func TestResolvePythonDefaults(t *testing.T) {
	p, err := Resolve("S/Py", &Props{Entry: pythonEntry})
	if err != nil {
		t.Fatal(err)
	}
	checks := []struct {
		name      string
		got, want any
	}{
		{"a Python folder runs on python3.13", p.Runtime, Python313},
		{"the handler is handler() in index.py", p.Handler, "index.handler"},
		{"SnapStart is opt-in for Python", p.SnapStart, false},
		{"the requirements are checked", filepath.Base(p.PythonRequirements), "requirements.txt"},
		{"no environment of the construct's own", len(p.Environment), 0},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s: got %v, want %v", c.name, c.got, c.want)
		}
	}
}

func TestSnapStartSettings(t *testing.T) {
	fakeJDK(t, 21)
	cases := []struct {
		name  string
		props Props
		want  bool
	}{
		{"Java: on by default", Props{Entry: javaEntry}, true},
		{"Java: off on request", Props{Entry: javaEntry, SnapStart: SnapStartOff}, false},
		{"Java 25: on by default", Props{Entry: javaEntry, Runtime: Java25}, true},
		{"Python: off by default", Props{Entry: pythonEntry}, false},
		{"Python 3.12: on on request", Props{Entry: pythonEntry, Runtime: Python312, SnapStart: SnapStartOn}, true},
		{"Python 3.14: on on request", Props{Entry: pythonEntry, Runtime: Python314, SnapStart: SnapStartOn}, true},
		{"Node.js: off by default", Props{Entry: nodeEntry}, false},
		{"Go: off by default", Props{Entry: goEntry}, false},
		{"SnapStart at 512 MiB of ephemeral storage", Props{Entry: javaEntry, Extra: &awslambda.FunctionOptions{EphemeralStorageSize: fakeSize{mib: 512}}}, true},
		{"SnapStart with an unresolved ephemeral storage size", Props{Entry: javaEntry, Extra: &awslambda.FunctionOptions{EphemeralStorageSize: fakeSize{token: true}}}, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p, err := Resolve("", &c.props)
			if err != nil {
				t.Fatal(err)
			}
			if p.SnapStart != c.want {
				t.Errorf("SnapStart %v, want %v", p.SnapStart, c.want)
			}
		})
	}
}

// fakeSize stands in for an awscdk.Size, so the ephemeral storage rule is
// tested without jsii.
type fakeSize struct {
	awscdk.Size
	mib   float64
	token bool
}

func (s fakeSize) IsUnresolved() *bool                                { return &s.token }
func (s fakeSize) ToMebibytes(*awscdk.SizeConversionOptions) *float64 { return &s.mib }

// fakeFS and fakeSnapStart stand in for jsii objects whose presence alone
// is checked.
type (
	fakeFS        struct{ awslambda.FileSystem }
	fakeSnapStart struct{ awslambda.SnapStartConf }
)

// TestBadColdStartProps is the table of invalid SnapStart, provisioned
// concurrency, Java and Python props and the error each gives.
func TestBadColdStartProps(t *testing.T) {
	fakeJDK(t, 21)
	pc := func(min int, a *concurrency.AutoScaling) *concurrency.Config {
		return &concurrency.Config{Min: min, AutoScaling: a}
	}
	cron := "cron(0 8 ? * MON-FRI *)"
	twoHandlers := javaFolder(t, map[string]string{
		"a/A.java": "package a; public class A { public Object handleRequest(Object e) { return e; } }",
		"b/B.java": "package b; public class B { public Object handleRequest(Object e) { return e; } }",
	})
	noHandler := javaFolder(t, map[string]string{"a/A.java": "package a; public class A {}"})
	unvendored := pyFolder(t, map[string]string{
		"index.py":            "def handler(event, context):\n    return 1\n",
		"requirements.txt":    "requests>=2.31\nPyYAML==6.0.1 ; python_version >= '3.8'\ntinydep\n",
		"tinydep/__init__.py": "",
	})
	editable := pyFolder(t, map[string]string{"index.py": "def handler(e, c): pass\n", "requirements.txt": "-e ../shared\n"})
	url := pyFolder(t, map[string]string{"index.py": "def handler(e, c): pass\n", "requirements.txt": "https://example.com/pkg.whl\n"})
	included := pyFolder(t, map[string]string{"index.py": "def handler(e, c): pass\n", "requirements.txt": "-r base.txt\n", "base.txt": "boto3\n"})

	cases := []struct {
		name  string
		props Props
		want  string
	}{
		// SnapStart
		{"SnapStart on Node.js", Props{Entry: nodeEntry, SnapStart: SnapStartOn}, "SnapStart is on, but runtime nodejs24.x does not support it: Lambda offers SnapStart for Java 11+, Python 3.12+ and .NET 8+"},
		{"SnapStart on Go", Props{Entry: goEntry, SnapStart: SnapStartOn}, "SnapStart is on, but runtime provided.al2023 does not support it"},
		{"an unknown SnapStart setting", Props{Entry: javaEntry, SnapStart: "yes"}, `SnapStart "yes" is not a setting: use optimizedfn.SnapStartOn or optimizedfn.SnapStartOff`},
		{"SnapStart with EFS", Props{Entry: javaEntry, Extra: &awslambda.FunctionOptions{Filesystem: fakeFS{}}}, "SnapStart (on by default for Java) does not work with EFS (Extra.Filesystem)"},
		{"SnapStart with 1 GiB of ephemeral storage", Props{Entry: javaEntry, Extra: &awslambda.FunctionOptions{EphemeralStorageSize: fakeSize{mib: 1024}}}, "SnapStart (on by default for Java) allows at most 512 MiB of ephemeral storage, Extra.EphemeralStorageSize is 1024 MiB"},
		{"SnapStart opted in with EFS", Props{Entry: pythonEntry, SnapStart: SnapStartOn, Extra: &awslambda.FunctionOptions{Filesystem: fakeFS{}}}, "SnapStart does not work with EFS"},
		{"SnapStart through Extra", Props{Entry: javaEntry, Extra: &awslambda.FunctionOptions{SnapStart: fakeSnapStart{}}}, "Extra.SnapStart is owned by the construct: set Props.SnapStart instead"},
		{"provisioned concurrency with Java's default SnapStart", Props{Entry: javaEntry, ProvisionedConcurrency: pc(1, nil)}, "ProvisionedConcurrency and SnapStart (on by default for Java) cannot be combined: Lambda refuses provisioned concurrency on a SnapStart function"},
		{"provisioned concurrency with SnapStart opted in", Props{Entry: pythonEntry, SnapStart: SnapStartOn, ProvisionedConcurrency: pc(1, nil)}, "ProvisionedConcurrency and SnapStart cannot be combined"},
		// Provisioned concurrency
		{"a provisioned concurrency of 0", Props{Entry: nodeEntry, ProvisionedConcurrency: pc(0, nil)}, "ProvisionedConcurrency.Min must be at least 1, got 0"},
		{"Min above Max", Props{Entry: nodeEntry, ProvisionedConcurrency: pc(5, &concurrency.AutoScaling{Max: 2})}, "ProvisionedConcurrency.AutoScaling.Max 2 is below Min 5"},
		{"a target outside 0.1..0.9", Props{Entry: nodeEntry, ProvisionedConcurrency: pc(1, &concurrency.AutoScaling{Max: 2, TargetUtilization: 1})}, "ProvisionedConcurrency.AutoScaling.TargetUtilization must be 0.1..0.9, got 1"},
		{"provisioned above reserved concurrency", Props{Entry: nodeEntry, ReservedConcurrency: intp(2), ProvisionedConcurrency: pc(3, nil)}, "ProvisionedConcurrency.Min 3 exceeds the function's reserved concurrency of 2"},
		{"Max above reserved concurrency", Props{Entry: nodeEntry, ReservedConcurrency: intp(5), ProvisionedConcurrency: pc(1, &concurrency.AutoScaling{Max: 6})}, "ProvisionedConcurrency.AutoScaling.Max 6 exceeds the function's reserved concurrency of 5"},
		{"a schedule with an invalid cron", Props{Entry: nodeEntry, ProvisionedConcurrency: pc(1, &concurrency.AutoScaling{Max: 5, Schedules: []concurrency.Schedule{{Cron: "cron(0 8 * * * *)", Min: 2}}})}, `ProvisionedConcurrency.AutoScaling.Schedules[0] (Schedule1).Cron: cron(0 8 * * * *): day-of-month "*" and day-of-week "*" are both set`},
		{"a schedule with Min above Max", Props{Entry: nodeEntry, ProvisionedConcurrency: pc(1, &concurrency.AutoScaling{Max: 5, Schedules: []concurrency.Schedule{{Cron: cron, Min: 4, Max: 3}}})}, "Schedules[0] (Schedule1): Min 4 is above its Max 3"},
		// Java
		{"JavaFullJIT for Node.js", Props{Entry: nodeEntry, JavaFullJIT: true}, `JavaFullJIT applies to Java handlers, but Entry "testdata/node/handler.ts" is a Node.js handler`},
		{"a Java runtime for Python sources", Props{Entry: pythonEntry, Runtime: Java21}, `Entry "testdata/pyfn" has no .java files`},
		{"two classes with handleRequest", Props{Entry: twoHandlers}, "several classes declare handleRequest (a.A::handleRequest, b.B::handleRequest): set Handler"},
		{"no class with handleRequest", Props{Entry: noHandler}, "no class declares a handleRequest method"},
		{"a Java handler in Node.js form", Props{Entry: javaEntry, Handler: "index.handler()"}, `Handler "index.handler()" is not a Java handler: use package.Class::method`},
		{"a Java handler class that does not exist", Props{Entry: javaEntry, Handler: "com.example.hello.Bye::handleRequest"}, `names class com.example.hello.Bye, but`},
		{"a Java handler method that does not exist", Props{Entry: javaEntry, Handler: "com.example.hello.Hello::handle"}, "Hello.java declares no method handle"},
		// Python
		{"a Python runtime for Go sources", Props{Entry: goEntry, Runtime: Python313}, `Entry "testdata/gofn" has no .py files`},
		{"a Python handler without a module", Props{Entry: pythonEntry, Handler: "handler"}, `Handler "handler" is not a Python handler: use module.function`},
		{"a Python module that does not exist", Props{Entry: pythonEntry, Handler: "app.handler"}, `Handler "app.handler": module app is not in Entry "testdata/pyfn" (no app.py)`},
		{"a Python function that does not exist", Props{Entry: pythonEntry, Handler: "index.main"}, "index.py defines no top-level function main"},
		{"requirements that are not vendored", Props{Entry: unvendored}, "requirements.txt needs requests, PyYAML, not vendored in the folder, and Python bundling is offline (no pip, no network, no Docker): install them into the folder for Lambda's platform, e.g. `pip install --target"},
		{"requirements for x86_64 name its platform", Props{Entry: unvendored, Architecture: X86_64}, "--platform manylinux2014_x86_64 --only-binary=:all: --python-version 3.13"},
		{"an editable requirement", Props{Entry: editable}, `requirements.txt:1 installs "../shared" in editable mode, which cannot be vendored`},
		{"a requirement by URL", Props{Entry: url}, `requirements.txt:1 "https://example.com/pkg.whl" names no package`},
		{"a requirement from an included file", Props{Entry: included}, "requirements.txt needs boto3, not vendored"},
		{"source maps for Python", Props{Entry: pythonEntry, SourceMap: true}, `SourceMap, Format and SDK apply to Node.js bundles, but Entry "testdata/pyfn" is a Python handler`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Resolve("S/F", &c.props)
			if err == nil {
				t.Fatalf("no error, want %q", c.want)
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Errorf("error:\n  %v\nwant it to contain:\n  %s", err, c.want)
			}
			for _, e := range unjoin(err) {
				if !strings.HasPrefix(e.Error(), `optimizedfn "S/F": `) {
					t.Errorf("error does not name the construct path: %v", e)
				}
			}
		})
	}
}

func TestMissingJavacIsAClearError(t *testing.T) {
	fakeJDK(t, 21)
	lookPath = func(string) (string, error) { return "", errors.New("not found") }
	_, err := Resolve("S/J", &Props{Entry: javaEntry})
	if err == nil || !strings.Contains(err.Error(), "javac is not on PATH (nor in JAVA_HOME), and Java handlers are compiled locally (no Maven, no Docker)") {
		t.Errorf("missing javac: %v", err)
	}
	lookPath = func(name string) (string, error) { return "/jdk/bin/" + name, nil }
	javacVersion = func(string) (int, error) { return 8, nil }
	_, err = Resolve("S/J", &Props{Entry: javaEntry})
	if err == nil || !strings.Contains(err.Error(), "/jdk/bin/javac is from JDK 8, and Java handlers need JDK 11+") {
		t.Errorf("old javac: %v", err)
	}
}

func TestResolveWithProvisionedConcurrency(t *testing.T) {
	props := &Props{Entry: nodeEntry, ReservedConcurrency: intp(20), ProvisionedConcurrency: &concurrency.Config{
		Min: 2, AutoScaling: &concurrency.AutoScaling{Max: 10},
	}}
	p, err := Resolve("", props)
	if err != nil {
		t.Fatal(err)
	}
	if c := p.Concurrency; c == nil || c.Min != 2 || c.Max != 10 || c.Static || c.TargetUtilization != 0.7 {
		t.Errorf("Concurrency %+v", p.Concurrency)
	}
	if props.ProvisionedConcurrency.AutoScaling.TargetUtilization != 0 {
		t.Error("Resolve modified the caller's ProvisionedConcurrency")
	}
	fakeJDK(t, 21)
	java, err := Resolve("", &Props{Entry: javaEntry, SnapStart: SnapStartOff, ProvisionedConcurrency: &concurrency.Config{Min: 1}})
	if err != nil || java.SnapStart || java.Concurrency == nil {
		t.Errorf("Java with SnapStart off takes provisioned concurrency: %v", err)
	}
	big, err := Resolve("", &Props{Entry: nodeEntry, ProvisionedConcurrency: &concurrency.Config{Min: 1, AutoScaling: &concurrency.AutoScaling{Max: 1000}}})
	if err != nil {
		t.Fatal(err)
	}
	if !hasWarning(big.Warnings, concurrency.WarnAboveAccountPool) {
		t.Errorf("Max 1000: warnings %v, want %s", big.Warnings, concurrency.WarnAboveAccountPool)
	}
}

func TestPlanWithAutoScaling(t *testing.T) {
	static, err := Resolve("S/F", &Props{Entry: nodeEntry, ProvisionedConcurrency: &concurrency.Config{Min: 2}})
	if err != nil {
		t.Fatal(err)
	}
	scaled, err := static.WithAutoScaling(&concurrency.AutoScaling{Max: 950})
	if err != nil {
		t.Fatal(err)
	}
	if scaled.Concurrency.Static || scaled.Concurrency.Max != 950 || !static.Concurrency.Static {
		t.Errorf("scaled %+v, static %+v", scaled.Concurrency, static.Concurrency)
	}
	if len(scaled.Warnings) != 1 || scaled.Warnings[0].ID != concurrency.WarnAboveAccountPool || len(static.Warnings) != 0 {
		t.Errorf("warnings: scaled %v, static %v", scaled.Warnings, static.Warnings)
	}

	cases := []struct {
		name string
		plan *Plan
		want string
	}{
		{"twice", scaled, `optimizedfn "S/F": EnableAutoScaling: autoscaling is already enabled (Min 2, Max 950, target 0.7): enable it once`},
		{"without provisioned concurrency", &Plan{Path: "S/F"}, `optimizedfn "S/F": EnableAutoScaling has no provisioned concurrency to scale: set Props.ProvisionedConcurrency`},
		{"with SnapStart", &Plan{Path: "S/F", SnapStart: true}, "SnapStart is on, and provisioned concurrency does not combine with it"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := c.plan.WithAutoScaling(&concurrency.AutoScaling{Max: 5})
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %v, want %q", err, c.want)
			}
		})
	}
	if _, err := static.WithAutoScaling(&concurrency.AutoScaling{Max: 1, TargetUtilization: 2}); err == nil ||
		!strings.Contains(err.Error(), `optimizedfn "S/F": EnableAutoScaling.Max 1 is below Min 2`) ||
		!strings.Contains(err.Error(), `optimizedfn "S/F": EnableAutoScaling.TargetUtilization must be 0.1..0.9, got 2`) {
		t.Errorf("every problem, each with the construct path: %v", err)
	}
}

func TestRequirementNames(t *testing.T) {
	dir := pyFolder(t, map[string]string{"requirements.txt": strings.Join([]string{
		"# comment",
		"--index-url https://pypi.org/simple",
		"Requests[socks] >= 2.31  # a comment",
		"zope.interface==6.1 \\",
		"    --hash=sha256:abc",
		"my_pkg @ file:///tmp/x.whl",
		"numpy; python_version >= '3.9'",
		"-c constraints.txt",
		"",
	}, "\n")})
	names, problems := readRequirements(filepath.Join(dir, "requirements.txt"), map[string]bool{})
	if want := "Requests zope.interface my_pkg numpy"; strings.Join(names, " ") != want || len(problems) != 0 {
		t.Errorf("names %v problems %v, want %s", names, problems, want)
	}
	vendored := vendoredPackages(pyFolder(t, map[string]string{
		"requests-2.31.0.dist-info/METADATA": "", "zope/interface/__init__.py": "", "zope.interface-6.1.dist-info/RECORD": "",
		"my_pkg.py": "", "numpy/__init__.py": "",
	}))
	for _, n := range names {
		if !vendored[normalizeName(n)] {
			t.Errorf("%s is vendored but not found (%v)", n, vendored)
		}
	}
}

func javaFolder(t *testing.T, files map[string]string) string { return folder(t, files) }
func pyFolder(t *testing.T, files map[string]string) string   { return folder(t, files) }

func folder(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		writeTestFile(t, filepath.Join(dir, filepath.FromSlash(name)), content)
	}
	return dir
}

func writeTestFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o755); err != nil {
		t.Fatal(err)
	}
}
