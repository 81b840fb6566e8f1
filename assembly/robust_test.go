package assembly

import (
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/lambdaperf/lambdaperf/internal/testfiles"
)

// twoStacks writes an assembly of stacks A and B, each with one function.
func twoStacks(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	jsonFile(t, filepath.Join(dir, "manifest.json"), stackManifest("A", "B"))
	for _, n := range []string{"A", "B"} {
		jsonFile(t, filepath.Join(dir, n+".template.json"), map[string]any{"Resources": map[string]any{"Fn": assemblyFunction(n + "/Fn/Resource")}})
	}
	return dir
}

// stackNames lists the stacks read and the files not read.
func stackNames(m *Model) (stacks, unread []string) {
	for _, st := range m.Stacks {
		stacks = append(stacks, st.Name)
	}
	for _, u := range m.Unread {
		unread = append(unread, u.File+": "+u.Why)
	}
	return stacks, unread
}

func TestOneBadTemplateLeavesTheOthersRead(t *testing.T) {
	outside := t.TempDir()
	jsonFile(t, filepath.Join(outside, "secret.template.json"), map[string]any{"Resources": map[string]any{"Leak": assemblyFunction("X/Leak/Resource")}})
	for name, tt := range map[string]struct {
		spoil func(t *testing.T, file string)
		want  string
	}{
		"not JSON":    {func(t *testing.T, f string) { testfiles.Write(t, f, `{"Resources": {`) }, "is not CloudFormation JSON"},
		"two objects": {func(t *testing.T, f string) { testfiles.Write(t, f, `{"Resources": {}} {"Resources": {}}`) }, "more follows its object"},
		"a huge number": {func(t *testing.T, f string) {
			testfiles.Write(t, f, `{"Resources": {"X": {"Type": "T", "Properties": {"N": 1e400}}}}`)
		}, "is not CloudFormation JSON"},
		"deeply nested": {func(t *testing.T, f string) {
			testfiles.Write(t, f, strings.Repeat("[", 20000)+strings.Repeat("]", 20000))
		}, "is not CloudFormation JSON"},
		"Resources a list": {func(t *testing.T, f string) { testfiles.Write(t, f, `{"Resources": []}`) }, "Resources is missing or not an object"},
		"a FIFO": {func(t *testing.T, f string) {
			os.Remove(f)
			if err := syscall.Mkfifo(f, 0o600); err != nil {
				t.Skip(err)
			}
		}, "a FIFO"},
		"a link to a device": {func(t *testing.T, f string) { os.Remove(f); os.Symlink("/dev/zero", f) }, "leaves the assembly"},
		"a link out": {func(t *testing.T, f string) {
			os.Remove(f)
			os.Symlink(filepath.Join(outside, "secret.template.json"), f)
		}, "leaves the assembly"},
		"a folder": {func(t *testing.T, f string) { os.Remove(f); os.Mkdir(f, 0o755) }, "a folder"},
		"missing":  {func(t *testing.T, f string) { os.Remove(f) }, "no such file"},
		"over the cap": {func(t *testing.T, f string) {
			if err := os.Truncate(f, maxTemplateBytes+1); err != nil {
				t.Skip(err)
			}
		}, "larger than 4 MiB"},
	} {
		t.Run(name, func(t *testing.T) {
			dir := twoStacks(t)
			tt.spoil(t, filepath.Join(dir, "B.template.json"))
			m, err := ReadAssembly(dir)
			if err != nil {
				t.Fatal(err)
			}
			stacks, unread := stackNames(m)
			if strings.Join(stacks, ",") != "A" || len(unread) != 1 || !strings.HasPrefix(unread[0], "B.template.json: ") || !strings.Contains(unread[0], tt.want) {
				t.Errorf("stacks %q, unread %q; want A read and B.template.json unread because it %s", stacks, unread, tt.want)
			}
			if m.Unread[0].Partial || m.Unread[0].Stack != "B" {
				t.Errorf("unread %+v: want stack B, not partial", m.Unread[0])
			}
		})
	}
}

func TestAnInterruptedSynthIsNotAnAssembly(t *testing.T) {
	for name, tt := range map[string]struct {
		spoil func(dir string)
		want  string
	}{
		"no manifest.json":             {func(d string) { os.Remove(filepath.Join(d, "manifest.json")) }, "holds 2 templates but no manifest.json"},
		"a stale synth.lock":           {func(d string) { os.WriteFile(filepath.Join(d, "synth.lock"), []byte("999999999"), 0o644) }, "left by a cdk synth (process 999999999) that did not finish"},
		"a synth.lock of a live synth": {func(d string) { os.WriteFile(filepath.Join(d, "synth.lock"), []byte(strconv.Itoa(os.Getpid())), 0o644) }, "is being written"},
		"a synth.lock that is a FIFO":  {func(d string) { syscall.Mkfifo(filepath.Join(d, "synth.lock"), 0o600) }, "is incomplete"},
		"a manifest that is not JSON":  {func(d string) { os.WriteFile(filepath.Join(d, "manifest.json"), []byte(`{"artifacts":`), 0o644) }, "manifest.json is not valid JSON"},
		"a manifest that is a FIFO": {func(d string) {
			os.Remove(filepath.Join(d, "manifest.json"))
			syscall.Mkfifo(filepath.Join(d, "manifest.json"), 0o600)
		}, "manifest.json cannot be read: not a regular file (a FIFO)"},
	} {
		t.Run(name, func(t *testing.T) {
			dir := twoStacks(t)
			tt.spoil(dir)
			_, err := Read(dir)
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "run `cdk synth` again") && !strings.Contains(err.Error(), "Run `cdk synth` again") && !strings.Contains(err.Error(), "Wait for it") {
				t.Errorf("error %v, want one containing %q and what to do", err, tt.want)
			}
		})
	}
	// A lock beside a single template: it may be half-written too.
	dir := twoStacks(t)
	os.WriteFile(filepath.Join(dir, "synth.lock"), []byte("999999999"), 0o644)
	if _, err := Read(filepath.Join(dir, "A.template.json")); err == nil || !strings.Contains(err.Error(), "did not finish") {
		t.Errorf("a template beside a stale lock: %v", err)
	}
}

func TestNestedAssembliesStayInside(t *testing.T) {
	outside := t.TempDir()
	jsonFile(t, filepath.Join(outside, "manifest.json"), stackManifest("Leak"))
	jsonFile(t, filepath.Join(outside, "Leak.template.json"), map[string]any{"Resources": map[string]any{"Fn": assemblyFunction("Leak/Fn/Resource")}})
	for name, tt := range map[string]struct {
		link, want string
	}{
		"a link out of the assembly": {outside, "leaves the assembly"},
		"a link to itself":           {".", "a link loop"},
	} {
		t.Run(name, func(t *testing.T) {
			dir := twoStacks(t)
			man := stackManifest("A", "B")
			man["artifacts"].(map[string]any)["Stage"] = map[string]any{"type": "cdk:cloud-assembly", "properties": map[string]any{"directoryName": "assembly-Stage"}}
			jsonFile(t, filepath.Join(dir, "manifest.json"), man)
			os.Symlink(tt.link, filepath.Join(dir, "assembly-Stage"))
			m, err := ReadAssembly(dir)
			if err != nil {
				t.Fatal(err)
			}
			stacks, unread := stackNames(m)
			if strings.Join(stacks, ",") != "A,B" || len(unread) != 1 || !strings.Contains(unread[0], tt.want) {
				t.Errorf("stacks %q, unread %q; want A and B, and assembly-Stage unread: %s", stacks, unread, tt.want)
			}
		})
	}
}

func TestUnreadableSideFilesAreListed(t *testing.T) {
	dir := twoStacks(t)
	man := stackManifest("A", "B")
	man["artifacts"].(map[string]any)["A"].(map[string]any)["additionalMetadataFile"] = "A.metadata.json"
	jsonFile(t, filepath.Join(dir, "manifest.json"), man)
	syscall.Mkfifo(filepath.Join(dir, "A.metadata.json"), 0o600)
	testfiles.Write(t, filepath.Join(dir, "A.assets.json"), `{"files": {`)
	m, err := ReadAssembly(dir)
	if err != nil {
		t.Fatal(err)
	}
	stacks, unread := stackNames(m)
	if strings.Join(stacks, ",") != "A,B" || len(unread) != 2 || !m.Unread[0].Partial || !m.Unread[1].Partial ||
		!strings.Contains(unread[0], "A.assets.json: is not valid JSON") || !strings.Contains(unread[1], "A.metadata.json: cannot be read: not a regular file (a FIFO)") {
		t.Errorf("stacks %q, unread %q", stacks, unread)
	}
}

func TestMalformedPropertiesAreListed(t *testing.T) {
	tpl := `{"Resources": {
		"Fn": {"Type": "AWS::Lambda::Function", "Metadata": {"aws:cdk:path": "S/Fn/Resource"}, "Properties": {
			"MemorySize": "lots", "Timeout": [1], "ReservedConcurrentExecutions": 1.5, "Runtime": {"a": 1, "b": 2},
			"Architectures": "arm64", "Layers": ["arn", [7], {"Ref": "L"}], "Environment": {"Variables": {"A": "1", "B": {"x": 1}, "C": 3}},
			"EphemeralStorage": {"Size": 1e12}, "Handler": {"Fn::Join": ["", ["a"]]}}},
		"Ok": {"Type": "AWS::Lambda::Function", "Properties": {"MemorySize": "1024", "Timeout": {"Ref": "T"}, "Layers": {"Fn::Split": [",", "a,b"]}}},
		"Alias": {"Type": "AWS::Lambda::Alias", "Properties": {"ProvisionedConcurrencyConfig": {"ProvisionedConcurrentExecutions": "many"}}},
		"Target": {"Type": "AWS::ApplicationAutoScaling::ScalableTarget", "Properties": {"ScalableDimension": "lambda:function:ProvisionedConcurrency",
			"MinCapacity": true, "ScheduledActions": [{"Schedule": ["cron"], "ScalableTargetAction": {"MinCapacity": "x"}}]}},
		"Queue": {"Type": "AWS::SQS::Queue", "Properties": {"VisibilityTimeout": {}}},
		"Map": {"Type": "AWS::Lambda::EventSourceMapping", "Properties": {"BatchSize": "ten"}},
		"Logs": {"Type": "AWS::Logs::LogGroup", "Properties": {"RetentionInDays": "forever"}},
		"Other": {"Type": "AWS::S3::Bucket", "Properties": {"MemorySize": "lots"}},
		"Bare": 1,
		"NoType": {"Properties": {}},
		"BadProps": {"Type": "AWS::SQS::Queue", "Properties": [1]}
	}}`
	st, err := ParseTemplate("S", []byte(tpl), TemplateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, m := range st.Malformed {
		got = append(got, m.LogicalID+" "+m.Property+"="+m.Value+" want "+m.Want)
	}
	want := []string{
		`Alias ProvisionedConcurrencyConfig.ProvisionedConcurrentExecutions="many" want a whole number`,
		`BadProps Properties=[1] want an object`,
		`Bare =1 want an object with a Type`,
		`Fn Runtime={"a":1,"b":2} want a string`,
		`Fn MemorySize="lots" want a whole number`,
		`Fn Timeout=[1] want a whole number`,
		`Fn ReservedConcurrentExecutions=1.5 want a whole number`,
		`Fn Architectures="arm64" want a list`,
		`Fn Layers[1]=[7] want a string`,
		`Fn EphemeralStorage.Size=1000000000000 want a whole number`,
		`Fn Environment.Variables.B={"x":1} want a string`,
		`Logs RetentionInDays="forever" want a whole number`,
		`Map BatchSize="ten" want a whole number`,
		`NoType Type=null want a resource type (a string)`,
		`Queue VisibilityTimeout={} want a whole number`,
		`Target MinCapacity=true want a whole number`,
		`Target ScheduledActions[0].Schedule=["cron"] want a string`,
		`Target ScheduledActions[0].ScalableTargetAction.MinCapacity="x" want a whole number`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("malformed:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if st.Malformed[3].Path != "S/Fn/Resource" {
		t.Errorf("a malformed property carries its construct path: %+v", st.Malformed[3].Resource)
	}
	// The values are still read as unknown, so no rule judges them.
	fn := st.Functions[0]
	if !fn.MemoryMiB.Unknown || !fn.TimeoutSec.Unknown {
		t.Errorf("MemorySize %+v, Timeout %+v: want unknown", fn.MemoryMiB, fn.TimeoutSec)
	}
}

// TestEveryPropertyReadHasAShape keeps propertyShapes in step with the
// reader: every literal key the reader looks up on a decoded map is a
// property with a shape, or one of the keys below that are no properties.
func TestEveryPropertyReadHasAShape(t *testing.T) {
	notProperties := map[string]bool{
		"Type": true, "Properties": true, "Metadata": true, "Resources": true, "Mappings": true, "DependsOn": true,
		"Ref": true, "id": true, "reason": true, "expression": true, "stat": true, "visible": true,
		metaPath: true, metaAsset: true, MetadataKey: true, suppressList: true, expectedDuration: true, "expected_duration_ms": true,
		// Inside values whose own shape is checked: a dead-letter config's
		// target and the log group of a LoggingConfig are read as "set".
		"TargetArn": true, "LogGroup": true,
	}
	shaped := map[string]bool{}
	for _, props := range propertyShapes {
		for _, p := range props {
			segs := strings.Split(strings.ReplaceAll(p.path, "[]", ""), ".")
			shaped[segs[len(segs)-1]] = true
		}
	}
	files, _ := filepath.Glob("*.go")
	fset := token.NewFileSet()
	for _, file := range files {
		if strings.HasSuffix(file, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, file, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			ix, ok := n.(*ast.IndexExpr)
			if !ok {
				return true
			}
			lit, ok := ix.Index.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			key, _ := strconv.Unquote(lit.Value)
			if !shaped[key] && !notProperties[key] && !strings.HasPrefix(key, "Fn::") {
				t.Errorf("%s: the reader reads %q, which propertyShapes does not list: add its shape", fset.Position(ix.Pos()), key)
			}
			return true
		})
	}
}

func TestCheckShapesFollowsTheTable(t *testing.T) {
	// Every entry fires on a value of the wrong shape, and passes the
	// right one and an intrinsic.
	for typ, props := range propertyShapes {
		for _, p := range props {
			right := map[shape]any{wholeNumber: 5, number: 2.5, jsonValue: `{"a":1}`, scalar: "x", list: []any{}, object: map[string]any{}}[p.shape]
			wrong := map[shape]any{wholeNumber: "five", number: "2.5 GiB", jsonValue: "{not json", scalar: []any{1}, list: "x", object: "x"}[p.shape]
			for _, tt := range []struct {
				v    any
				want int
			}{{right, 0}, {map[string]any{"Ref": "P"}, 0}, {wrong, 1}} {
				props := build(p.path, tt.v)
				data, _ := json.Marshal(map[string]any{"Resources": map[string]any{"R": map[string]any{"Type": typ, "Properties": props}}})
				st, err := ParseTemplate("S", data, TemplateOptions{})
				if err != nil {
					t.Fatal(err)
				}
				if n := len(st.Malformed); n != tt.want {
					t.Errorf("%s %s = %v: %d malformed (%+v), want %d", typ, p.path, tt.v, n, st.Malformed, tt.want)
				}
			}
		}
	}
}

// build makes the properties that hold v at a propertyShapes path.
func build(spec string, v any) map[string]any {
	segs := strings.Split(spec, ".")
	var at func(i int) any
	at = func(i int) any {
		if i == len(segs) {
			return v
		}
		seg := segs[i]
		if seg == "*" {
			return map[string]any{"K": at(i + 1)}
		}
		if name, each := strings.CutSuffix(seg, "[]"); each {
			if i == len(segs)-1 {
				return map[string]any{name: []any{v}}
			}
			return map[string]any{name: []any{at(i + 1)}}
		}
		if i == len(segs)-1 {
			return map[string]any{seg: v}
		}
		return map[string]any{seg: at(i + 1)}
	}
	return at(0).(map[string]any)
}

func TestAssetsAreReadWithinLambdasLimits(t *testing.T) {
	write := func(t *testing.T, p string, data []byte) string {
		t.Helper()
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	sparse := func(t *testing.T, p string, size int64) {
		t.Helper()
		f, err := os.Create(p)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if err := f.Truncate(size); err != nil {
			t.Skip("no sparse files here:", err)
		}
	}
	for name, tt := range map[string]struct {
		asset     func(t *testing.T, dir string) string
		overLimit bool
		want      string
	}{
		"a zip whose entries share one stream": {func(t *testing.T, d string) string {
			return write(t, filepath.Join(d, "bomb.zip"), testfiles.OverlappingZip(200, 1<<20))
		}, false, "entries share compressed data"},
		"a zip bomb past Lambda's limit": {func(t *testing.T, d string) string {
			return write(t, filepath.Join(d, "bomb.zip"), testfiles.OverlappingZip(1000, 20<<20))
		}, true, "more than 250 MiB uncompressed"},
		"a zip entry declaring 1 TiB": {func(t *testing.T, d string) string {
			return write(t, filepath.Join(d, "big.zip"), testfiles.DeclaringZip("index.js", []byte("x"), 1<<40))
		}, true, "entry index.js holds 1099511627776 bytes uncompressed, more than 250 MiB"},
		"a folder with a 4 GiB sparse file": {func(t *testing.T, d string) string {
			os.Mkdir(filepath.Join(d, "asset"), 0o755)
			sparse(t, filepath.Join(d, "asset", "data.bin"), 4<<30)
			return filepath.Join(d, "asset")
		}, true, "file data.bin holds 4294967296 bytes, more than 250 MiB"},
		"a folder over Lambda's limit in all": {func(t *testing.T, d string) string {
			os.Mkdir(filepath.Join(d, "asset"), 0o755)
			for _, n := range []string{"a", "b", "c"} {
				sparse(t, filepath.Join(d, "asset", n), 100<<20)
			}
			return filepath.Join(d, "asset")
		}, true, "its files hold more than 250 MiB"},
		"a zip that is a FIFO": {func(t *testing.T, d string) string {
			p := filepath.Join(d, "asset.zip")
			if err := syscall.Mkfifo(p, 0o600); err != nil {
				t.Skip(err)
			}
			return p
		}, false, "not a regular file (a FIFO)"},
	} {
		t.Run(name, func(t *testing.T) {
			p := tt.asset(t, t.TempDir())
			_, err := InspectAsset(p)
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), p) {
				t.Fatalf("error %v, want one naming %s and containing %q", err, p, tt.want)
			}
			m := &Model{Stacks: []*Stack{{Functions: []*Function{{AssetPath: p}}}}}
			m.InspectAssets()
			f := m.Stacks[0].Functions[0]
			if (f.AssetOverLimit != "") != tt.overLimit || (f.AssetProblem != "") == tt.overLimit {
				t.Errorf("over limit %q, problem %q; want over limit: %v", f.AssetOverLimit, f.AssetProblem, tt.overLimit)
			}
		})
	}
}

func TestFolderAssetsSaySkippedEntries(t *testing.T) {
	dir := t.TempDir()
	testfiles.Write(t, filepath.Join(dir, "index.js"), "exports.handler = async () => 1;\n")
	if err := syscall.Mkfifo(filepath.Join(dir, "pipe.js"), 0o600); err != nil {
		t.Skip(err)
	}
	os.Symlink("/etc/passwd", filepath.Join(dir, "passwd.js"))
	a, err := InspectAsset(dir)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(a.Skipped, "; "); got != "passwd.js: a symbolic link that leaves the folder or leads nowhere; pipe.js: a FIFO" || a.Files != 1 {
		t.Errorf("skipped %q, %d files read", got, a.Files)
	}
}
