package cdktest

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Message is one annotation recorded at synthesis: a warning, an error or
// an info (cdk-nag findings are annotations too).
type Message struct {
	Stack string // stack artifact ID
	Path  string // construct path, e.g. /Stack/Fn/Resource
	Level string // "error", "warning" or "info"
	// Text of the annotation.
	Text string
}

// String renders the message as "level path: text".
func (m Message) String() string { return fmt.Sprintf("%s %s: %s", m.Level, m.Path, m.Text) }

// metadata is a stack artifact's metadata: entries by construct path.
type metadata map[string][]struct {
	Type string `json:"type"`
	Data any    `json:"data"`
}

// Messages reads every annotation from a synthesized cloud assembly's
// manifest.json (the folder app.Synth writes), sorted by path. Pure Go, so
// a test can assert "no unsuppressed findings" without jsii round trips.
func Messages(assemblyDir string) ([]Message, error) {
	b, err := os.ReadFile(filepath.Join(assemblyDir, "manifest.json"))
	if err != nil {
		return nil, err
	}
	var manifest struct {
		Artifacts map[string]struct {
			Metadata metadata `json:"metadata"`
			// Newer assemblies keep stack metadata in a file of its own.
			AdditionalMetadataFile string `json:"additionalMetadataFile"`
		} `json:"artifacts"`
	}
	if err := json.Unmarshal(b, &manifest); err != nil {
		return nil, fmt.Errorf("%s/manifest.json: %w", assemblyDir, err)
	}
	var out []Message
	for stack, art := range manifest.Artifacts {
		md := art.Metadata
		if art.AdditionalMetadataFile != "" {
			b, err := os.ReadFile(filepath.Join(assemblyDir, art.AdditionalMetadataFile))
			if err != nil {
				return nil, err
			}
			var extra metadata
			if err := json.Unmarshal(b, &extra); err != nil {
				return nil, fmt.Errorf("%s: %w", art.AdditionalMetadataFile, err)
			}
			for path, entries := range extra {
				if md == nil {
					md = metadata{}
				}
				md[path] = append(md[path], entries...)
			}
		}
		for path, entries := range md {
			for _, e := range entries {
				level, ok := strings.CutPrefix(e.Type, "aws:cdk:")
				if !ok || (level != "error" && level != "warning" && level != "info") {
					continue
				}
				out = append(out, Message{Stack: stack, Path: path, Level: level, Text: fmt.Sprint(e.Data)})
			}
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Path != out[j].Path {
			return out[i].Path < out[j].Path
		}
		return out[i].Text < out[j].Text
	})
	return out, nil
}
