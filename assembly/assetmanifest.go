package assembly

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/lambdaperf/lambdaperf/internal/untrusted"
)

// assetManifest is the part of a <stack>.assets.json file the reader uses:
// every file asset's source path and the object key it is published
// under. The CDK CLI, app.synth() and `cdk synth --no-asset-metadata` all
// write it, where aws:asset:path metadata is only written by the CLI.
type assetManifest struct {
	Files map[string]struct {
		Source struct {
			Path      string `json:"path"`
			Packaging string `json:"packaging"`
		} `json:"source"`
		Destinations map[string]struct {
			ObjectKey string `json:"objectKey"`
		} `json:"destinations"`
	} `json:"files"`
}

// readAssetManifests maps the object key of every file asset in the
// *.assets.json files of the assembly folder rel (inside root) to its
// source path, as written there (relative to the
// folder, or absolute). A manifest that cannot be read adds nothing and
// is listed in Model.Unread: the functions it would have described are
// reported as not inspected.
func (m *Model) readAssetManifests(root *os.Root, rel string) map[string]string {
	entries, _ := fs.ReadDir(root.FS(), rel)
	keys := map[string]string{}
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".assets.json") {
			continue
		}
		file := path.Join(rel, e.Name())
		data, err := untrusted.ReadFileIn(root, filepath.FromSlash(file), maxManifestBytes)
		var man assetManifest
		if err != nil {
			err = fmt.Errorf("cannot be read: %w", cause(err))
		} else if err = json.Unmarshal(data, &man); err != nil {
			err = fmt.Errorf("is not valid JSON: %w", err)
		}
		if err != nil {
			m.Unread = append(m.Unread, Unread{File: file, Partial: true,
				Why: fmt.Sprintf("%v: the code assets it lists were not found, so the functions that use them are not inspected", err)})
			continue
		}
		for _, a := range man.Files {
			if a.Source.Path == "" {
				continue
			}
			for _, d := range a.Destinations {
				if d.ObjectKey != "" {
					keys[d.ObjectKey] = a.Source.Path
				}
			}
		}
	}
	return keys
}

// Reasons a function's code was not inspected.
const (
	notInspectedImage    = "container image"
	notInspectedInline   = "inline code (ZipFile)"
	notInspectedNoDir    = "template read without its cloud assembly"
	notInspectedExternal = "code in an S3 object that is not an asset of this assembly"
	notInspectedUnknown  = "Code is resolved only at deploy"
)

// locateAsset finds the function's code asset: its aws:asset:path
// metadata, else the asset manifest entry of its Code.S3Key. A path
// outside the assembly folder is not followed: it becomes an AssetProblem.
func (r *reader) locateAsset(f *Function, props, meta map[string]any) {
	code, _ := props["Code"].(map[string]any)
	switch {
	case f.PackageType == "Image":
		f.NotInspected = notInspectedImage
		return
	case code["ZipFile"] != nil:
		f.NotInspected = notInspectedInline
		return
	case r.opts.AssetDir == "":
		f.NotInspected = notInspectedNoDir
		return
	}
	p, ok := meta[metaAsset].(string)
	how := "aws:asset:path metadata"
	if !ok {
		key, known := code["S3Key"].(string)
		if p, ok = r.opts.Assets[key]; !ok || !known {
			f.NotInspected = notInspectedExternal
			if !known {
				f.NotInspected = notInspectedUnknown
			}
			return
		}
		how = "the asset manifest"
	}
	path, err := insideAssembly(r.opts.AssetDir, p)
	if err == errMissing {
		// A template copied without its assets: nothing to judge.
		f.NotInspected = fmt.Sprintf("code asset %q is not in the assembly folder", p)
		return
	}
	if err != nil {
		f.AssetProblem = fmt.Sprintf("code asset %q (from %s) %v; it was not read", p, how, err)
		return
	}
	f.AssetPath = path
}

// errMissing: the asset path is inside the assembly but nothing is there.
var errMissing = errors.New("is missing from the assembly folder")

// insideAssembly joins a relative asset path to the assembly folder and
// refuses one that leaves it, lexically or through a symbolic link.
func insideAssembly(dir, p string) (string, error) {
	if filepath.IsAbs(p) || !filepath.IsLocal(p) {
		return "", fmt.Errorf("is outside the assembly folder")
	}
	path := filepath.Join(dir, p)
	if _, err := os.Lstat(path); err != nil {
		return "", errMissing
	}
	real, err := filepath.EvalSymlinks(path)
	if err != nil {
		return "", fmt.Errorf("cannot be resolved: %v", cause(err))
	}
	root, err := filepath.EvalSymlinks(dir)
	if err != nil {
		return "", fmt.Errorf("cannot be resolved: %v", cause(err))
	}
	if rel, err := filepath.Rel(root, real); err != nil || !filepath.IsLocal(rel) {
		return "", fmt.Errorf("links outside the assembly folder (to %s)", real)
	}
	return path, nil
}

// Inspected reports whether the function's code asset was read, and why
// not when it was not.
func (f *Function) Inspected() (ok bool, why string) {
	switch {
	case f.Asset != nil:
		return true, ""
	case f.AssetOverLimit != "":
		return false, f.AssetOverLimit
	case f.AssetProblem != "":
		return false, f.AssetProblem
	case f.NotInspected != "":
		return false, f.NotInspected
	}
	return false, "no code asset found"
}
