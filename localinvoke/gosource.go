package localinvoke

import (
	"encoding/json"
	"strings"

	"github.com/lambdaperf/lambdaperf/assembly"
)

// GoSourceMetadata is the construct metadata type under which optimizedfn
// records how it built a Go function's bootstrap (optimizedfn's
// GoSourceMetadata); the cloud assembly's manifest keeps it by construct
// path.
const GoSourceMetadata = "lambdaperf:go-source"

// GoSource is how a Go function's bootstrap was built at synthesis: enough
// to build the same package for another architecture (RebuildForHost).
type GoSource struct {
	// ModuleRoot is the folder of the handler's go.mod, absolute.
	ModuleRoot string `json:"moduleRoot"`
	// Package is the main package, relative to ModuleRoot ("./cmd/api").
	Package string `json:"package"`
	// GOARCH of the deployed build.
	GOARCH string `json:"goarch"`
	// Flags of `go build` (GOOS=linux, CGO_ENABLED=0 always).
	Flags []string `json:"flags"`
}

// goSourcesOf returns the GoSource entries of construct metadata, by
// construct path without the leading "/".
func goSourcesOf(metadata map[string][]assembly.MetadataEntry) map[string]*GoSource {
	out := map[string]*GoSource{}
	for path, entries := range metadata {
		for _, e := range entries {
			var src GoSource
			if e.Type == GoSourceMetadata && json.Unmarshal(e.Data, &src) == nil && src.ModuleRoot != "" && src.Package != "" {
				out[strings.TrimPrefix(path, "/")] = &src
			}
		}
	}
	return out
}
