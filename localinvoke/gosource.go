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

// goSourcesOf returns the GoSource entries of construct metadata, by
// construct path without the leading "/".
func goSourcesOf(metadata map[string][]metadataEntry) map[string]*GoSource {
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

// stackFiles is what localinvoke reads of a cloud assembly beyond the
// audit model: each stack's template file and construct metadata.
type stackFiles struct {
	template string
	metadata map[string][]metadataEntry
}

// readStackFiles maps the stacks of a cloud assembly folder (nested
// assemblies included, named as audit names them) or of one template file
// to their files. What cannot be read is left out: the audit reader has
// already reported it.
func readStackFiles(path string) map[string]stackFiles {
	out := map[string]stackFiles{}
	if info, err := os.Stat(path); err == nil && !info.IsDir() {
		name := strings.TrimSuffix(strings.TrimSuffix(filepath.Base(path), ".json"), ".template")
		out[name] = stackFiles{template: path}
		return out
	}
	walkAssembly(path, "", 0, out)
	return out
}

func walkAssembly(dir, prefix string, depth int, out map[string]stackFiles) {
	if depth > 10 {
		return
	}
	data, err := os.ReadFile(filepath.Join(dir, "manifest.json"))
	if err != nil {
		files, _ := filepath.Glob(filepath.Join(dir, "*.template.json"))
		for _, f := range files {
			out[prefix+strings.TrimSuffix(filepath.Base(f), ".template.json")] = stackFiles{template: f}
		}
		return
	}
	var man struct {
		Artifacts map[string]struct {
			Type        string                     `json:"type"`
			DisplayName string                     `json:"displayName"`
			Metadata    map[string][]metadataEntry `json:"metadata"`
			// Newer CDK versions write the metadata to this file instead.
			AdditionalMetadataFile string `json:"additionalMetadataFile"`
			Properties             struct {
				TemplateFile  string `json:"templateFile"`
				DirectoryName string `json:"directoryName"`
			} `json:"properties"`
		} `json:"artifacts"`
	}
	if json.Unmarshal(data, &man) != nil {
		return
	}
	for id, art := range man.Artifacts {
		switch {
		case art.Type == "cdk:cloud-assembly" && filepath.IsLocal(art.Properties.DirectoryName):
			walkAssembly(filepath.Join(dir, art.Properties.DirectoryName), prefix+id+"/", depth+1, out)
		case art.Type == "aws:cloudformation:stack" && filepath.IsLocal(art.Properties.TemplateFile):
			name := art.DisplayName
			if name == "" {
				name = prefix + id
			}
			meta := art.Metadata
			if f := art.AdditionalMetadataFile; f != "" && filepath.IsLocal(f) {
				if data, err := os.ReadFile(filepath.Join(dir, f)); err == nil {
					_ = json.Unmarshal(data, &meta)
				}
			}
			out[name] = stackFiles{template: filepath.Join(dir, art.Properties.TemplateFile), metadata: meta}
		}
	}
}
