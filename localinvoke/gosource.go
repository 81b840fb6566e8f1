package localinvoke

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
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

// metadataEntry is one construct metadata entry of a manifest artifact.
type metadataEntry struct {
	Type string          `json:"type"`
	Data json.RawMessage `json:"data"`
}

// readGoSources returns the GoSource entries of a cloud assembly folder,
// nested assemblies (stages) included, by construct path without the
// leading "/". A template file or an unreadable manifest has none.
func readGoSources(dir string, depth int) map[string]*GoSource {
	out := map[string]*GoSource{}
	data, err := os.ReadFile(filepath.Join(dir, "manifest.json"))
	if err != nil || depth > 10 {
		return out
	}
	var man struct {
		Artifacts map[string]struct {
			Type       string                     `json:"type"`
			Metadata   map[string][]metadataEntry `json:"metadata"`
			Properties struct {
				DirectoryName string `json:"directoryName"`
			} `json:"properties"`
		} `json:"artifacts"`
	}
	if json.Unmarshal(data, &man) != nil {
		return out
	}
	for _, art := range man.Artifacts {
		if art.Type == "cdk:cloud-assembly" && filepath.IsLocal(art.Properties.DirectoryName) {
			for k, v := range readGoSources(filepath.Join(dir, art.Properties.DirectoryName), depth+1) {
				out[k] = v
			}
		}
		for path, entries := range art.Metadata {
			for _, e := range entries {
				var src GoSource
				if e.Type == GoSourceMetadata && json.Unmarshal(e.Data, &src) == nil && src.ModuleRoot != "" && src.Package != "" {
					out[strings.TrimPrefix(path, "/")] = &src
				}
			}
		}
	}
	return out
}
