package assembly

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Read builds the model from a cloud assembly folder (cdk.out) or from a
// single template file, inspecting the code assets it finds.
func Read(path string) (*Model, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %w", path, cause(err))
	}
	if info.IsDir() {
		return ReadAssembly(path)
	}
	return ReadTemplateFile(path)
}

// ReadTemplateFile reads one template; code assets named in its
// aws:asset:path metadata are looked up beside it.
func ReadTemplateFile(path string) (*Model, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %w", path, cause(err))
	}
	name := strings.TrimSuffix(filepath.Base(path), ".json")
	name = strings.TrimSuffix(name, ".template")
	dir := filepath.Dir(path)
	st, err := ParseTemplate(name, data, TemplateOptions{AssetDir: dir, Assets: readAssetManifests(dir)})
	if err != nil {
		return nil, err
	}
	st.TemplateFile = path
	m := &Model{Stacks: []*Stack{st}}
	m.InspectAssets()
	return m, nil
}

// MetadataEntry is one construct metadata entry of a stack artifact in
// the cloud assembly's manifest (or its additionalMetadataFile).
type MetadataEntry struct {
	Type string          `json:"type"`
	Data json.RawMessage `json:"data,omitempty"`
}

// nodeMetadata is construct node metadata by construct path.
type nodeMetadata map[string][]MetadataEntry

type manifest struct {
	Artifacts map[string]struct {
		Type        string `json:"type"`
		Environment string `json:"environment"`
		DisplayName string `json:"displayName"`
		Properties  struct {
			TemplateFile  string `json:"templateFile"`
			DirectoryName string `json:"directoryName"`
		} `json:"properties"`
		Metadata               nodeMetadata `json:"metadata"`
		AdditionalMetadataFile string       `json:"additionalMetadataFile"`
	} `json:"artifacts"`
}

// ReadAssembly reads every stack of a cloud assembly folder, including
// nested assemblies (stages) and nested stack templates. Without a
// manifest.json it reads every *.template.json in the folder.
func ReadAssembly(dir string) (*Model, error) {
	m := &Model{}
	if err := m.readAssembly(dir, "", 0); err != nil {
		return nil, err
	}
	if len(m.Stacks) == 0 {
		return nil, fmt.Errorf("%s holds no CloudFormation templates: is it a cloud assembly (cdk.out)?", dir)
	}
	m.InspectAssets()
	return m, nil
}

func (m *Model) readAssembly(dir, prefix string, depth int) error {
	if depth > 10 {
		return fmt.Errorf("%s: cloud assemblies nested too deep", dir)
	}
	seen := map[string]bool{}
	assets := readAssetManifests(dir)
	data, err := os.ReadFile(filepath.Join(dir, "manifest.json"))
	switch {
	case err == nil:
		var man manifest
		if err := json.Unmarshal(data, &man); err != nil {
			return fmt.Errorf("%s: manifest.json is not valid JSON: %w", dir, err)
		}
		ids := make([]string, 0, len(man.Artifacts))
		for id := range man.Artifacts {
			ids = append(ids, id)
		}
		sort.Strings(ids)
		for _, id := range ids {
			art := man.Artifacts[id]
			switch art.Type {
			case "aws:cloudformation:stack":
				name := art.DisplayName
				if name == "" {
					name = prefix + id
				}
				if !filepath.IsLocal(art.Properties.TemplateFile) {
					return fmt.Errorf("%s: stack %s: template file %q is outside the assembly", dir, id, art.Properties.TemplateFile)
				}
				file := filepath.Join(dir, art.Properties.TemplateFile)
				seen[file] = true
				opts := TemplateOptions{AssetDir: dir, Assets: assets, Environment: art.Environment}
				meta := art.Metadata
				if f := art.AdditionalMetadataFile; f != "" && filepath.IsLocal(f) {
					if data, err := os.ReadFile(filepath.Join(dir, f)); err == nil {
						_ = json.Unmarshal(data, &meta) // metadata refines, it is not required
					}
				}
				opts.FrameworkPaths = meta.frameworkPaths()
				if err := m.addTemplate(file, name, opts); err != nil {
					return err
				}
				m.Stacks[len(m.Stacks)-1].Metadata = meta
			case "cdk:cloud-assembly":
				if !filepath.IsLocal(art.Properties.DirectoryName) {
					return fmt.Errorf("%s: nested assembly %s: directory %q is outside the assembly", dir, id, art.Properties.DirectoryName)
				}
				sub := filepath.Join(dir, art.Properties.DirectoryName)
				if err := m.readAssembly(sub, prefix+id+"/", depth+1); err != nil {
					return err
				}
			}
		}
	case !errors.Is(err, os.ErrNotExist):
		return fmt.Errorf("cannot read %s: %w", filepath.Join(dir, "manifest.json"), err)
	}
	// Nested stacks (and, without a manifest, every stack).
	files, _ := filepath.Glob(filepath.Join(dir, "*.template.json"))
	sort.Strings(files)
	for _, file := range files {
		if seen[file] {
			continue
		}
		name := prefix + strings.TrimSuffix(filepath.Base(file), ".template.json")
		if err := m.addTemplate(file, name, TemplateOptions{AssetDir: dir, Assets: assets}); err != nil {
			return err
		}
	}
	return nil
}

func (m *Model) addTemplate(file, name string, opts TemplateOptions) error {
	data, err := os.ReadFile(file)
	if err != nil {
		return fmt.Errorf("cannot read template %s: %w", file, cause(err))
	}
	st, err := ParseTemplate(name, data, opts)
	if err != nil {
		return err
	}
	st.TemplateFile = file
	m.Stacks = append(m.Stacks, st)
	return nil
}

// frameworkPaths lists the construct paths CDK marks as its own
// custom-resource handlers.
func (nm nodeMetadata) frameworkPaths() []string {
	var out []string
	for path, entries := range nm {
		for _, e := range entries {
			if strings.HasPrefix(e.Type, "aws:cdk:is-custom-resource-handler-") && !strings.HasSuffix(e.Type, "logGroup") {
				out = append(out, path)
				break
			}
		}
	}
	sort.Strings(out)
	return out
}

// InspectAssets inspects each function's code asset (AssetPath) once, even
// when several functions share it. The readers call it; a model built with
// StackFromTemplate needs it before the asset rules can see anything. An
// asset that cannot be read becomes the AssetProblem of the functions
// that use it; every other function is still inspected.
func (m *Model) InspectAssets() {
	type result struct {
		asset *CodeAsset
		err   error
	}
	cache := map[string]result{}
	for _, st := range m.Stacks {
		for _, f := range st.Functions {
			if f.AssetPath == "" || f.Asset != nil {
				continue
			}
			r, ok := cache[f.AssetPath]
			if !ok {
				r.asset, r.err = InspectAsset(f.AssetPath)
				cache[f.AssetPath] = r
			}
			if r.err != nil {
				f.AssetProblem = r.err.Error()
				continue
			}
			f.Asset = r.asset
		}
	}
	m.readHandlerCode()
}

// cause drops the path an *fs.PathError repeats, for shorter messages.
func cause(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
