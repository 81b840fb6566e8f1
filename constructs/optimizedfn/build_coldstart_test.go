package optimizedfn_test

import (
	"archive/zip"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/jsii-runtime-go"

	"github.com/lambdaperf/lambdaperf/cdktest"
	"github.com/lambdaperf/lambdaperf/constructs/concurrency"
	"github.com/lambdaperf/lambdaperf/constructs/optimizedfn"
)

const (
	javaEntry   = "testdata/javafn"
	pythonEntry = "testdata/pyfn"
)

func intp(n int) *int { return &n }

// hasProps is a jsii assertion that some resource of typ has props (deep,
// objectLike), reported as a test error rather than a crash.
func hasProps(t *testing.T, stack awscdk.Stack, typ string, props map[string]any) {
	t.Helper()
	cdktest.Check(t, func() {
		assertions.Template_FromStack(stack, nil).HasResourceProperties(jsii.String(typ), props)
	})
}

func TestStaticProvisionedConcurrency(t *testing.T) {
	_, stack := newStack(t)
	fn := optimizedfn.New(stack, jsii.String("Py"), &optimizedfn.Props{
		Entry: pythonEntry, ProvisionedConcurrency: &concurrency.Config{Min: 3},
	})
	tpl := cdktest.Template(t, stack)
	versionID, _ := cdktest.Only(t, tpl, "AWS::Lambda::Version")
	hasProps(t, stack, "AWS::Lambda::Alias", map[string]any{
		"Name":                         "live",
		"ProvisionedConcurrencyConfig": map[string]any{"ProvisionedConcurrentExecutions": 3},
		// On the published version, never $LATEST, never weighted.
		"FunctionVersion": map[string]any{"Fn::GetAtt": []any{versionID, "Version"}},
		"RoutingConfig":   assertions.Match_Absent(),
	})
	if n := len(cdktest.Resources(tpl, "AWS::ApplicationAutoScaling::ScalableTarget")); n != 0 {
		t.Errorf("a static provisioned concurrency got %d scalable targets", n)
	}
	if c := fn.Plan().Concurrency; c == nil || !c.Static || c.Min != 3 || c.Max != 3 {
		t.Errorf("Plan().Concurrency = %+v, want static 3", c)
	}
	if fn.AutoScaling() != nil {
		t.Error("AutoScaling() of a static function")
	}
}

func TestAutoScaledProvisionedConcurrency(t *testing.T) {
	_, stack := newStack(t)
	fn := optimizedfn.New(stack, jsii.String("Py"), &optimizedfn.Props{
		Entry: pythonEntry, ReservedConcurrency: intp(50),
		ProvisionedConcurrency: &concurrency.Config{Min: 2, AutoScaling: &concurrency.AutoScaling{
			Max: 20,
			Schedules: []concurrency.Schedule{
				{Name: "BusinessHoursStart", Cron: "cron(0 8 ? * MON-FRI *)", Min: 8, TimeZone: "Europe/Berlin"},
				{Name: "BusinessHoursEnd", Cron: "cron(0 18 ? * MON-FRI *)", Min: 2},
			},
		}},
	})
	// The scalable target's MinCapacity provisions the alias, not a static
	// setting the scaler would fight.
	hasProps(t, stack, "AWS::Lambda::Alias", map[string]any{
		"ProvisionedConcurrencyConfig": assertions.Match_Absent(),
	})
	hasProps(t, stack, "AWS::ApplicationAutoScaling::ScalableTarget", map[string]any{
		"ScalableDimension": "lambda:function:ProvisionedConcurrency",
		"ServiceNamespace":  "lambda",
		"MinCapacity":       2,
		"MaxCapacity":       20,
		"ScheduledActions": []any{
			map[string]any{"ScheduledActionName": "BusinessHoursStart", "Schedule": "cron(0 8 ? * MON-FRI *)", "ScalableTargetAction": map[string]any{"MinCapacity": 8}, "Timezone": "Europe/Berlin"},
			map[string]any{"ScheduledActionName": "BusinessHoursEnd", "Schedule": "cron(0 18 ? * MON-FRI *)", "ScalableTargetAction": map[string]any{"MinCapacity": 2}},
		},
	})
	hasProps(t, stack, "AWS::ApplicationAutoScaling::ScalingPolicy", map[string]any{
		"PolicyType": "TargetTrackingScaling",
		"TargetTrackingScalingPolicyConfiguration": map[string]any{
			"PredefinedMetricSpecification": map[string]any{"PredefinedMetricType": "LambdaProvisionedConcurrencyUtilization"},
			"TargetValue":                   0.7,
		},
	})

	// The scalable target names the alias, so it is created after it.
	tpl := cdktest.Template(t, stack)
	aliasID, _ := cdktest.Only(t, tpl, "AWS::Lambda::Alias")
	_, target := cdktest.Only(t, tpl, "AWS::ApplicationAutoScaling::ScalableTarget")
	if !strings.Contains(jsonString(cdktest.Props(target)["ResourceId"]), aliasID) {
		t.Errorf("ResourceId %v does not reference the alias %s", cdktest.Props(target)["ResourceId"], aliasID)
	}
	if c := fn.Plan().Concurrency; c.Static || c.Min != 2 || c.Max != 20 || c.TargetUtilization != 0.7 || len(c.Schedules) != 2 {
		t.Errorf("Plan().Concurrency = %+v", c)
	}
	if fn.AutoScaling() == nil {
		t.Error("AutoScaling() is nil")
	}
}

func TestEnableAutoScalingIsOneShot(t *testing.T) {
	_, stack := newStack(t)
	fn := optimizedfn.New(stack, jsii.String("Py"), &optimizedfn.Props{
		Entry: pythonEntry, ProvisionedConcurrency: &concurrency.Config{Min: 1},
	})
	scaling := fn.EnableAutoScaling(&concurrency.AutoScaling{Max: 5, TargetUtilization: 0.5})
	if scaling == nil || fn.AutoScaling() == nil {
		t.Fatal("EnableAutoScaling returned no scalable target")
	}
	msg := cdktest.Panics(func() { fn.EnableAutoScaling(&concurrency.AutoScaling{Max: 6}) })
	if want := `optimizedfn "S/Py": EnableAutoScaling: autoscaling is already enabled (Min 1, Max 5, target 0.5): enable it once`; !strings.Contains(msg, want) {
		t.Errorf("a second call: %q, want %q", msg, want)
	}
	hasProps(t, stack, "AWS::ApplicationAutoScaling::ScalableTarget", map[string]any{"MinCapacity": 1, "MaxCapacity": 5})
	hasProps(t, stack, "AWS::ApplicationAutoScaling::ScalingPolicy", map[string]any{
		"TargetTrackingScalingPolicyConfiguration": map[string]any{"TargetValue": 0.5},
	})
	if c := fn.Plan().Concurrency; c.Static || c.Max != 5 {
		t.Errorf("Plan() after EnableAutoScaling: %+v", c)
	}

	scaled := optimizedfn.New(stack, jsii.String("Scaled"), &optimizedfn.Props{
		Entry: pythonEntry, ProvisionedConcurrency: &concurrency.Config{Min: 1, AutoScaling: &concurrency.AutoScaling{Max: 3}},
	})
	if msg := cdktest.Panics(func() { scaled.EnableAutoScaling(&concurrency.AutoScaling{Max: 6}) }); !strings.Contains(msg, "autoscaling is already enabled") {
		t.Errorf("EnableAutoScaling after props enabled it: %q", msg)
	}
	plain := optimizedfn.New(stack, jsii.String("Plain"), &optimizedfn.Props{Entry: pythonEntry})
	if msg := cdktest.Panics(func() { plain.EnableAutoScaling(&concurrency.AutoScaling{Max: 6}) }); !strings.Contains(msg, "EnableAutoScaling has no provisioned concurrency to scale") {
		t.Errorf("EnableAutoScaling without provisioned concurrency: %q", msg)
	}
}

func TestMaxAboveTheAccountPoolWarns(t *testing.T) {
	app, stack := newStack(t)
	optimizedfn.New(stack, jsii.String("Py"), &optimizedfn.Props{
		Entry: pythonEntry, ProvisionedConcurrency: &concurrency.Config{Min: 1, AutoScaling: &concurrency.AutoScaling{Max: 1200}},
	})
	w := annotations(t, app, "warning")
	if !strings.Contains(w, "may provision 1200 environments, above 900") || !strings.Contains(w, concurrency.WarnAboveAccountPool) {
		t.Errorf("no warning with id %s: %q", concurrency.WarnAboveAccountPool, w)
	}
}

func TestJavaSnapStart(t *testing.T) {
	app, stack := newStack(t)
	fn := optimizedfn.New(stack, jsii.String("Java"), &optimizedfn.Props{Entry: javaEntry})
	// Opted out of both defaults; built from the same jar when the JDK
	// targets the same release for both runtimes.
	optimizedfn.New(stack, jsii.String("Java25"), &optimizedfn.Props{
		Entry: javaEntry, Runtime: optimizedfn.Java25, SnapStart: optimizedfn.SnapStartOff, JavaFullJIT: true,
	})
	hasProps(t, stack, "AWS::Lambda::Function", map[string]any{
		"Runtime":     "java21",
		"Handler":     "com.example.hello.Hello::handleRequest",
		"SnapStart":   map[string]any{"ApplyOn": "PublishedVersions"},
		"Environment": map[string]any{"Variables": map[string]any{"JAVA_TOOL_OPTIONS": "-XX:+TieredCompilation -XX:TieredStopAtLevel=1"}},
	})
	// The alias is on the published version SnapStart snapshots.
	tpl := cdktest.Template(t, stack)
	for versionID := range cdktest.Resources(tpl, "AWS::Lambda::Version") {
		if strings.HasPrefix(versionID, "JavaFunctionCurrentVersion") {
			hasProps(t, stack, "AWS::Lambda::Alias", map[string]any{"FunctionVersion": map[string]any{"Fn::GetAtt": []any{versionID, "Version"}}})
		}
	}
	if w := annotations(t, app, "warning"); strings.Contains(w, "SnapStart only supports published Lambda versions") {
		t.Errorf("CDK's snapStartRequirePublish warning is not acknowledged: %q", w)
	}
	if !fn.Plan().SnapStart {
		t.Error("Plan().SnapStart is false")
	}

	hasProps(t, stack, "AWS::Lambda::Function", map[string]any{
		"Runtime":     "java25",
		"SnapStart":   assertions.Match_Absent(),
		"Environment": assertions.Match_Absent(),
	})

	// The asset is the jar, with the compiled classes.
	jar := javaAsset(t, app, stack, "java21")
	if !strings.HasSuffix(jar, ".jar") {
		t.Fatalf("asset %s is not the jar", jar)
	}
	zr, err := zip.OpenReader(jar)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
	}
	for _, want := range []string{"META-INF/MANIFEST.MF", "com/example/hello/Hello.class", "com/example/hello/Greeting.class"} {
		if !strings.Contains(strings.Join(names, " "), want) {
			t.Errorf("jar lacks %s: %v", want, names)
		}
	}
}

func TestPythonSnapStartIsOptIn(t *testing.T) {
	_, stack := newStack(t)
	optimizedfn.New(stack, jsii.String("Default"), &optimizedfn.Props{Entry: pythonEntry})
	optimizedfn.New(stack, jsii.String("Snap"), &optimizedfn.Props{Entry: pythonEntry, SnapStart: optimizedfn.SnapStartOn})
	tpl := cdktest.Template(t, stack)
	snap := 0
	for id, f := range cdktest.Resources(tpl, "AWS::Lambda::Function") {
		p := cdktest.Props(f)
		if p["Runtime"] != "python3.13" || p["Handler"] != "index.handler" {
			t.Errorf("%s: runtime %v handler %v", id, p["Runtime"], p["Handler"])
		}
		if s, ok := p["SnapStart"]; ok {
			snap++
			if s.(map[string]any)["ApplyOn"] != "PublishedVersions" || !strings.HasPrefix(id, "Snap") {
				t.Errorf("%s: SnapStart %v", id, s)
			}
		}
	}
	if snap != 1 {
		t.Errorf("%d functions with SnapStart, want only the one that opted in", snap)
	}
}

// TestPythonAssetIsTheFolderWithoutCaches: the handler and vendored
// packages are copied; bytecode, tests and hidden folders are not.
func TestPythonAssetIsTheFolderWithoutCaches(t *testing.T) {
	entry := t.TempDir()
	for name, content := range map[string]string{
		"index.py":                              "import tinydep\n\ndef handler(event, context):\n    return tinydep.X\n",
		"tinydep/__init__.py":                   "X = 1\n",
		"tinydep/__pycache__/x.cpython-313.pyc": "bytecode",
		"tinydep-1.0.dist-info/METADATA":        "Name: tinydep\n",
		"__pycache__/index.cpython-313.pyc":     "bytecode",
		"stale.pyc":                             "bytecode",
		"tests/test_index.py":                   "def test(): pass\n",
		"test_handler.py":                       "def test(): pass\n",
		".venv/bin/python":                      "",
		"requirements.txt":                      "tinydep==1.0\n",
	} {
		path := filepath.Join(entry, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	app, stack := newStack(t)
	optimizedfn.New(stack, jsii.String("Py"), &optimizedfn.Props{Entry: entry})
	var files []string
	root := assetDir(t, app, stack)
	filepath.Walk(root, func(p string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			rel, _ := filepath.Rel(root, p)
			files = append(files, filepath.ToSlash(rel))
		}
		return err
	})
	if got, want := strings.Join(files, " "), "index.py tinydep/__init__.py tinydep-1.0.dist-info/METADATA"; got != want {
		t.Errorf("asset files %s, want %s", got, want)
	}
}

// TestColdStartErrorsStopSynthesis: each new rule reaches the user as a
// synthesis error naming the construct path and the fix.
func TestColdStartErrorsStopSynthesis(t *testing.T) {
	pc := func(min int, a *concurrency.AutoScaling) *concurrency.Config {
		return &concurrency.Config{Min: min, AutoScaling: a}
	}
	cases := []struct {
		name  string
		props func() *optimizedfn.Props
		want  string
	}{
		{"min < 1", func() *optimizedfn.Props {
			return &optimizedfn.Props{Entry: pythonEntry, ProvisionedConcurrency: pc(0, nil)}
		}, "ProvisionedConcurrency.Min must be at least 1, got 0"},
		{"min > max", func() *optimizedfn.Props {
			return &optimizedfn.Props{Entry: pythonEntry, ProvisionedConcurrency: pc(4, &concurrency.AutoScaling{Max: 3})}
		}, "ProvisionedConcurrency.AutoScaling.Max 3 is below Min 4"},
		{"target outside 0.1..0.9", func() *optimizedfn.Props {
			return &optimizedfn.Props{Entry: pythonEntry, ProvisionedConcurrency: pc(1, &concurrency.AutoScaling{Max: 3, TargetUtilization: 0.95})}
		}, "TargetUtilization must be 0.1..0.9, got 0.95"},
		{"provisioned > reserved", func() *optimizedfn.Props {
			return &optimizedfn.Props{Entry: pythonEntry, ReservedConcurrency: intp(1), ProvisionedConcurrency: pc(2, nil)}
		}, "ProvisionedConcurrency.Min 2 exceeds the function's reserved concurrency of 1"},
		{"max > reserved", func() *optimizedfn.Props {
			return &optimizedfn.Props{Entry: pythonEntry, ReservedConcurrency: intp(4), ProvisionedConcurrency: pc(2, &concurrency.AutoScaling{Max: 8})}
		}, "ProvisionedConcurrency.AutoScaling.Max 8 exceeds the function's reserved concurrency of 4"},
		{"provisioned concurrency with SnapStart", func() *optimizedfn.Props {
			return &optimizedfn.Props{Entry: javaEntry, ProvisionedConcurrency: pc(1, nil)}
		}, "ProvisionedConcurrency and SnapStart (on by default for Java) cannot be combined"},
		{"invalid cron", func() *optimizedfn.Props {
			return &optimizedfn.Props{Entry: pythonEntry, ProvisionedConcurrency: pc(1, &concurrency.AutoScaling{Max: 3, Schedules: []concurrency.Schedule{{Cron: "cron(0 8 * * MON-FRI)", Min: 2}}})}
		}, "has 5 fields, AWS cron has 6"},
		{"schedule min > max", func() *optimizedfn.Props {
			return &optimizedfn.Props{Entry: pythonEntry, ProvisionedConcurrency: pc(1, &concurrency.AutoScaling{Max: 3, Schedules: []concurrency.Schedule{{Cron: "cron(0 8 ? * MON-FRI *)", Min: 3, Max: 2}}})}
		}, "Min 3 is above its Max 2"},
		{"SnapStart on an unsupported runtime", func() *optimizedfn.Props {
			return &optimizedfn.Props{Entry: "testdata/gofn", SnapStart: optimizedfn.SnapStartOn}
		}, "SnapStart is on, but runtime provided.al2023 does not support it"},
		{"SnapStart with more than 512 MiB of ephemeral storage", func() *optimizedfn.Props {
			return &optimizedfn.Props{Entry: javaEntry, Extra: &awslambda.FunctionOptions{EphemeralStorageSize: awscdk.Size_Gibibytes(jsii.Number(2))}}
		}, "allows at most 512 MiB of ephemeral storage, Extra.EphemeralStorageSize is 2048 MiB"},
		{"requirements that are not vendored", func() *optimizedfn.Props {
			dir := t.TempDir()
			os.WriteFile(filepath.Join(dir, "index.py"), []byte("def handler(e, c):\n    return 1\n"), 0o644)
			os.WriteFile(filepath.Join(dir, "requirements.txt"), []byte("requests\n"), 0o644)
			return &optimizedfn.Props{Entry: dir}
		}, "requirements.txt needs requests, not vendored in the folder, and Python bundling is offline"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, stack := newStack(t)
			msg := cdktest.Panics(func() { optimizedfn.New(stack, jsii.String("Fn"), c.props()) })
			if !strings.Contains(msg, `optimizedfn "S/Fn": `) || !strings.Contains(msg, c.want) {
				t.Errorf("synthesis error:\n  %s\nwant the construct path and:\n  %s", msg, c.want)
			}
		})
	}
}

// TestJavacErrorsStopSynthesis: a handler that does not compile fails
// synthesis with javac's message, through the local bundler.
func TestJavacErrorsStopSynthesis(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "a", "A.java")
	os.MkdirAll(filepath.Dir(src), 0o755)
	os.WriteFile(src, []byte("package a; public class A { public Object handleRequest(Object e) { return nope; } }"), 0o644)
	_, stack := newStack(t)
	// CDK bundles while the asset is constructed, so New fails.
	msg := cdktest.Panics(func() { optimizedfn.New(stack, jsii.String("Broken"), &optimizedfn.Props{Entry: dir}) })
	for _, want := range []string{`optimizedfn "S/Broken": javac --release`, "A.java", "cannot find symbol"} {
		if !strings.Contains(msg, want) {
			t.Errorf("synthesis error lacks %q:\n%s", want, msg)
		}
	}
	// A JDK older than the runtime says how to get the runtime's language.
	if p, err := optimizedfn.Resolve("", &optimizedfn.Props{Entry: dir}); err == nil && p.JavaRelease < 21 &&
		!strings.Contains(msg, "the newest release it knows; for Java 21 language features, set JAVA_HOME to a JDK 21+") {
		t.Errorf("no hint for JDK %d:\n%s", p.JavaRelease, msg)
	}
}

// javaAsset is the jar of the stack's function on runtime.
func javaAsset(t *testing.T, app awscdk.App, stack awscdk.Stack, runtime string) string {
	t.Helper()
	tpl := cdktest.Template(t, stack)
	for _, f := range cdktest.Resources(tpl, "AWS::Lambda::Function") {
		if cdktest.Props(f)["Runtime"] == runtime {
			return filepath.Join(*app.Synth(nil).Directory(), f["Metadata"].(map[string]any)["aws:asset:path"].(string))
		}
	}
	t.Fatalf("no %s function", runtime)
	return ""
}

func jsonString(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
