package release

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"
)

func TestVersionIsCanonical(t *testing.T) {
	if !regexp.MustCompile(`^v0\.\d+\.\d+$`).MatchString(Version) {
		t.Errorf("Version %q is not a canonical v0.Y.Z: the module proxy serves only canonical versions, and v1 promises a stable API", Version)
	}
}

func TestStringNamesTheRelease(t *testing.T) {
	if s := String(); len(s) < len("lambdaperf "+Version) || s[:len("lambdaperf "+Version)] != "lambdaperf "+Version {
		t.Errorf("String() = %q, want it to start with %q", s, "lambdaperf "+Version)
	}
}

// TestChangelogHeadsThisRelease: the latest release heading of
// CHANGELOG.md, the one below [Unreleased], is Version.
func TestChangelogHeadsThisRelease(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "..", "CHANGELOG.md"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^## \[(\d+\.\d+\.\d+)\] - \d{4}-\d{2}-\d{2}$`).FindSubmatch(b)
	if m == nil {
		t.Fatal("CHANGELOG.md has no release heading `## [X.Y.Z] - YYYY-MM-DD`")
	}
	if got := "v" + string(m[1]); got != Version {
		t.Errorf("CHANGELOG.md's latest release is %s, release.Version is %s: release both at once (docs/releasing.md)", got, Version)
	}
}
