package snapshot

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lambdaperf/lambdaperf/internal/untrusted"
)

// UpdateFlagName is the flag that rewrites golden files: go test -update.
const UpdateFlagName = "update"

// DefineUpdateFlag defines the test binary's -update flag unless a flag of
// that name already exists, and is safe to call more than once. Package
// snapshot defines no flag by itself, so a test package that declares its
// own -update (flag.Bool("update", ...), as many Go golden tests do) keeps
// it, and Golden follows that one flag. A package without one calls this
// once, before the flags are parsed:
//
//	func init() { snapshot.DefineUpdateFlag() }
//
// Declare your own -update or call DefineUpdateFlag in a package, not both
// (flag.Bool after DefineUpdateFlag panics: flag redefined).
func DefineUpdateFlag() {
	if flag.Lookup(UpdateFlagName) == nil {
		flag.Bool(UpdateFlagName, false, "rewrite golden files with the current output")
	}
}

// Updating reports whether the test binary runs with -update: the flag of
// that name, whoever defined it (DefineUpdateFlag or the package's own
// flag.Bool). Without such a flag it is false.
func Updating() bool {
	f := flag.Lookup(UpdateFlagName)
	if f == nil {
		return false
	}
	if g, ok := f.Value.(flag.Getter); ok {
		b, isBool := g.Get().(bool)
		return isBool && b
	}
	return f.Value.String() == "true"
}

// Golden compares got (JSON-rendered if it is not already []byte) with the
// golden file at path and fails with a unified diff on mismatch. With
// -update (see DefineUpdateFlag) it writes got to path instead, atomically
// (a temporary file renamed over it); goldens never change otherwise.
//
// Golden never writes what cannot be a golden: empty output, JSON null (a
// nil template from a failed synthesis), output of a test that has already
// failed, or anything but a CloudFormation template (a JSON object with at
// least one resource) where got is a template (a map, as Normalize returns)
// or the golden file holds one. It fails the test instead, keeping the
// golden, and without -update it reports such output in one line instead
// of diffing it against the whole golden.
func Golden(t testing.TB, path string, got any) {
	t.Helper()
	b, ok := got.([]byte)
	if !ok {
		b = JSON(got)
	}
	old, readErr := os.ReadFile(path)
	_, isMap := got.(map[string]any)
	if problem := unfit(b, isMap || isTemplate(old)); problem != "" {
		t.Fatalf("%s: not comparing or writing the golden: the output %s", path, problem)
	}
	if Updating() {
		if t.Failed() {
			t.Fatalf("%s: not rewritten: the test had already failed, so its output is not trusted as a golden", path)
		}
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		// A temporary file renamed over the golden: a test killed during
		// -update leaves the old golden or the new one, never a part (an
		// in-place write left a 0-byte golden), and a link at path is
		// refused, not written through.
		if err := untrusted.WriteFile(filepath.Dir(path), filepath.Base(path), b, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if readErr != nil {
		t.Fatalf("golden file %s: %v (create it with: %s)", path, readErr, updateCommand(t))
	}
	if !bytes.Equal(old, b) {
		t.Errorf("%s differs from the synthesized output (-golden +got); if the change is intended, run: %s\n%s",
			path, updateCommand(t), Diff(string(old), string(b)))
	}
}

// updateCommand is how to rewrite the test's goldens, and what to add
// first when the test binary has no -update flag.
func updateCommand(t testing.TB) string {
	cmd := fmt.Sprintf("go test -run '%s' -update", t.Name())
	if flag.Lookup(UpdateFlagName) == nil {
		cmd = "func init() { snapshot.DefineUpdateFlag() } in a test file of this package (it has no -update flag yet), then " + cmd
	}
	return cmd
}

// unfit says why b cannot be a golden, or "" when it can. With template,
// b must be a CloudFormation template: a JSON object whose Resources hold
// at least one resource, as CloudFormation requires
// (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/resources-section-structure.html).
func unfit(b []byte, template bool) string {
	trimmed := bytes.TrimSpace(b)
	switch {
	case len(trimmed) == 0:
		return "is empty"
	case string(trimmed) == "null":
		return "is null (a nil template: did synthesis fail before it?)"
	case template && !isTemplate(b):
		return fmt.Sprintf("is not a CloudFormation template (no Resources): %.80s", trimmed)
	}
	return ""
}

// isTemplate reports whether b is a JSON object with a non-empty Resources
// object.
func isTemplate(b []byte) bool {
	var tpl struct {
		Resources map[string]json.RawMessage
	}
	return json.Unmarshal(b, &tpl) == nil && len(tpl.Resources) > 0
}

// Diff is a unified line diff of a and b with three lines of context.
func Diff(a, b string) string {
	x, y := strings.Split(a, "\n"), strings.Split(b, "\n")
	// Longest common subsequence table, from the end.
	n, m := len(x), len(y)
	lcs := make([][]int32, n+1)
	for i := range lcs {
		lcs[i] = make([]int32, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if x[i] == y[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	type line struct {
		op   byte
		text string
	}
	var ops []line
	i, j := 0, 0
	for i < n || j < m {
		switch {
		case i < n && j < m && x[i] == y[j]:
			ops = append(ops, line{' ', x[i]})
			i++
			j++
		case j < m && (i == n || lcs[i][j+1] > lcs[i+1][j]):
			ops = append(ops, line{'+', y[j]})
			j++
		default:
			ops = append(ops, line{'-', x[i]})
			i++
		}
	}
	const context = 3
	show := make([]bool, len(ops))
	for k, o := range ops {
		if o.op != ' ' {
			for c := max(0, k-context); c <= min(len(ops)-1, k+context); c++ {
				show[c] = true
			}
		}
	}
	var out strings.Builder
	printed, gap := false, false
	for k, o := range ops {
		if !show[k] {
			gap = true
			continue
		}
		if printed && gap {
			out.WriteString("@@\n")
		}
		out.WriteString(string(o.op) + o.text + "\n")
		printed, gap = true, false
	}
	return out.String()
}
