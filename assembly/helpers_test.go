package assembly

import (
	"testing"

	"github.com/lambdaperf/lambdaperf/internal/testfiles"
)

func TestMain(m *testing.M) { testfiles.Main(m) }

// goBootstrap builds a real Go bootstrap (see testfiles.GoBootstrap).
var goBootstrap, copyFile = testfiles.GoBootstrap, testfiles.CopyFile

// stackManifest is a cloud assembly manifest listing one stack artifact
// per name, each with the template <name>.template.json.
func stackManifest(names ...string) map[string]any {
	artifacts := map[string]any{}
	for _, n := range names {
		artifacts[n] = map[string]any{"type": "aws:cloudformation:stack", "properties": map[string]any{"templateFile": n + ".template.json"}}
	}
	return map[string]any{"version": "48.0.0", "artifacts": artifacts}
}
