package audit

import (
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/lambdaperf/lambdaperf/internal/testfiles"
)

func TestMain(m *testing.M) { testfiles.Main(m) }

// goBootstrap builds a real Go bootstrap (see testfiles.GoBootstrap).
var goBootstrap, copyFile = testfiles.GoBootstrap, testfiles.CopyFile

// copyDir copies the tree at from into to.
func copyDir(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(to, rel), 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(to, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}
