package snapshot

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lambdaperf/lambdaperf/internal/tbrecorder"
)

// definedAtInit is whether a flag named update existed before any test
// code ran: importing snapshot must not define one.
var definedAtInit bool

func TestMain(m *testing.M) {
	definedAtInit = flag.Lookup(UpdateFlagName) != nil
	DefineUpdateFlag()
	DefineUpdateFlag() // twice is fine
	os.Exit(m.Run())
}

// golden runs Golden with a recorder, with -update on or off.
func golden(t *testing.T, update bool, alreadyFailed bool, path string, got any) *tbrecorder.Recorder {
	t.Helper()
	if err := flag.Set(UpdateFlagName, fmt.Sprint(update)); err != nil {
		t.Fatal(err)
	}
	defer flag.Set(UpdateFlagName, "false")
	return tbrecorder.Run(t, alreadyFailed, func(tb testing.TB) { Golden(tb, path, got) })
}

const template = `{"Resources":{"Fn":{"Type":"AWS::Lambda::Function"}}}`

func TestGoldenNeverWritesWhatCannotBeAGolden(t *testing.T) {
	var nilTemplate map[string]any
	for _, c := range []struct {
		name, golden string
		got          any
		want         string
	}{
		{"a nil template (synthesis failed)", template, nilTemplate, "is null"},
		{"empty bytes over a text golden", "report\n", []byte(" \n"), "is empty"},
		{"a map without resources", "", map[string]any{"Outputs": map[string]any{}}, "not a CloudFormation template"},
		{"text over a template golden", template, []byte("Error: synthesis failed\n"), "not a CloudFormation template"},
	} {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "golden.json")
			if c.golden != "" {
				if err := os.WriteFile(path, []byte(c.golden), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			for _, update := range []bool{true, false} {
				r := golden(t, update, false, path, c.got)
				if !r.Failed() || len(r.Msgs) != 1 || !strings.Contains(r.Msgs[0], c.want) {
					t.Errorf("-update=%v: want one failure containing %q, got %q", update, c.want, r.Msgs)
				}
				if strings.Contains(strings.Join(r.Msgs, ""), "@@") || len(strings.Join(r.Msgs, "")) > 400 {
					t.Errorf("-update=%v: want a one-line reason, not a diff: %q", update, r.Msgs)
				}
				b, err := os.ReadFile(path)
				if c.golden == "" && err == nil || c.golden != "" && string(b) != c.golden {
					t.Errorf("-update=%v: golden changed to %q", update, b)
				}
			}
		})
	}
}

func TestGoldenDoesNotRewriteAfterAFailure(t *testing.T) {
	path := filepath.Join(t.TempDir(), "golden.json")
	if err := os.WriteFile(path, []byte(template), 0o644); err != nil {
		t.Fatal(err)
	}
	next := map[string]any{"Resources": map[string]any{"Other": map[string]any{"Type": "AWS::SQS::Queue"}}}
	r := golden(t, true, true, path, next)
	if b, _ := os.ReadFile(path); string(b) != template || len(r.Msgs) != 1 || !strings.Contains(r.Msgs[0], "already failed") {
		t.Errorf("golden = %s, failures %q; want it kept and the reason given", b, r.Msgs)
	}
	r = golden(t, true, false, path, next)
	if b, _ := os.ReadFile(path); len(r.Msgs) != 0 || !strings.Contains(string(b), "AWS::SQS::Queue") {
		t.Errorf("a passing test with -update did not rewrite the golden: %s, %q", b, r.Msgs)
	}
	if r := golden(t, false, false, path, next); len(r.Msgs) != 0 {
		t.Errorf("the rewritten golden does not match: %q", r.Msgs)
	}
	text := filepath.Join(t.TempDir(), "report.txt")
	if r := golden(t, true, false, text, []byte("any text\n")); len(r.Msgs) != 0 {
		t.Errorf("text goldens are not templates and must be written: %q", r.Msgs)
	}
}

// TestUpdatingFollowsThePackagesOwnFlag: a package that declares its own
// -update (flag.Bool) gets no panic from importing snapshot, and Golden
// follows that flag. The test binary runs itself with a flag set of its
// own making, as a package with its own flag would have.
func TestUpdatingFollowsThePackagesOwnFlag(t *testing.T) {
	if definedAtInit {
		t.Fatal("importing snapshot defined -update: a package's own flag.Bool(\"update\") would panic")
	}
	saved := flag.CommandLine
	defer func() { flag.CommandLine = saved }()
	flag.CommandLine = flag.NewFlagSet("pkg.test", flag.ContinueOnError)
	own := flag.Bool("update", false, "the package's own flag") // panics if snapshot had defined it
	if Updating() {
		t.Fatal("Updating is true before -update")
	}
	DefineUpdateFlag() // no-op beside the package's own flag: no panic
	if err := flag.CommandLine.Parse([]string{"-update"}); err != nil {
		t.Fatal(err)
	}
	if !*own || !Updating() {
		t.Errorf("own flag %v, Updating %v: want both true", *own, Updating())
	}
}

// TestAMismatchSaysHowToGetAnUpdateFlag: in a test binary without -update,
// the fix Golden prints starts with defining the flag.
func TestAMismatchSaysHowToGetAnUpdateFlag(t *testing.T) {
	path := filepath.Join(t.TempDir(), "golden.txt")
	if err := os.WriteFile(path, []byte("old\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	saved := flag.CommandLine
	defer func() { flag.CommandLine = saved }()
	flag.CommandLine = flag.NewFlagSet("pkg.test", flag.ContinueOnError)
	r := tbrecorder.Run(t, false, func(tb testing.TB) { Golden(tb, path, []byte("new\n")) })
	if len(r.Msgs) != 1 || !strings.Contains(r.Msgs[0], "snapshot.DefineUpdateFlag() } in a test file of this package") {
		t.Errorf("want the fix to define -update first, got %q", r.Msgs)
	}
}

// TestUpdateReplacesTheGoldenWhole: -update writes a temporary file and
// renames it over the golden, so a kill halfway leaves the old golden (an
// in-place write truncates it first: a kill left a 0-byte golden). The
// rename shows as a new file under the name; a link planted at the name is
// refused, and what it points at is left alone.
func TestUpdateReplacesTheGoldenWhole(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "golden.txt")
	if err := os.WriteFile(path, []byte("old\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	before, _ := os.Stat(path)
	if r := golden(t, true, false, path, []byte("new\n")); len(r.Msgs) != 0 {
		t.Fatalf("-update failed: %q", r.Msgs)
	}
	after, _ := os.Stat(path)
	if b, _ := os.ReadFile(path); string(b) != "new\n" || os.SameFile(before, after) {
		t.Errorf("golden %q, same file %v: want the new content in a new file renamed over the old", b, os.SameFile(before, after))
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("the folder holds %d files after -update, want the golden alone", len(entries))
	}
	outside := filepath.Join(t.TempDir(), "elsewhere.txt")
	os.WriteFile(outside, []byte("keep\n"), 0o644)
	link := filepath.Join(dir, "linked.txt")
	os.Symlink(outside, link)
	if r := golden(t, true, false, link, []byte("new\n")); len(r.Msgs) != 1 || !strings.Contains(r.Msgs[0], "refusing to write through it") {
		t.Errorf("-update through a link: %q", r.Msgs)
	}
	if b, _ := os.ReadFile(outside); string(b) != "keep\n" {
		t.Errorf("the file the link points at became %q", b)
	}
}
