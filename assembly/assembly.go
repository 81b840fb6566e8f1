package assembly

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/lambdaperf/lambdaperf/internal/untrusted"
)

// What the reader reads of the JSON files of an assembly, at most. A
// template larger than maxTemplateBytes could not be deployed:
// CloudFormation takes a template of "1 MB when passed as an S3 object"
// (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/template-macros-troubleshoot-processed-template.html),
// and the reader allows four times that for templates indented by hand.
// Manifests hold the construct metadata of every stack, and get more.
const (
	maxTemplateBytes = 4 << 20
	maxManifestBytes = 64 << 20
	maxLockBytes     = 1 << 10
)

// manifestFile is the cloud assembly's manifest, which cdk synth writes
// after every template; synthLock is the file the CDK CLI holds while it
// synthesizes into a folder (aws-cdk's toolkit-lib rwlock.ts, the PID of
// the writer), and removes when it is done or fails.
const (
	manifestFile = "manifest.json"
	synthLock    = "synth.lock"
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
// aws:asset:path metadata are looked up beside it. A template that cannot
// be read (not a regular file, larger than CloudFormation takes, not
// JSON) is an error: there is nothing else to read.
func ReadTemplateFile(path string) (*Model, error) {
	dir := filepath.Dir(path)
	if err := checkComplete(dir, false); err != nil {
		return nil, err
	}
	data, err := untrusted.ReadFile(path, maxTemplateBytes)
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %w", path, cause(err))
	}
	name := strings.TrimSuffix(filepath.Base(path), ".json")
	name = strings.TrimSuffix(name, ".template")
	m := &Model{}
	var assets map[string]string
	if root, err := os.OpenRoot(dir); err == nil {
		assets = m.readAssetManifests(root, ".")
		root.Close()
	}
	st, err := ParseTemplate(name, data, TemplateOptions{AssetDir: dir, Assets: assets})
	if err != nil {
		return nil, err
	}
	st.TemplateFile = path
	m.Stacks = []*Stack{st}
	m.InspectAssets()
	return m, nil
}

// MetadataEntry is one construct metadata entry of a stack artifact in
// the cloud assembly's manifest (or its additionalMetadataFile).
type MetadataEntry struct {
	// Type of the entry, e.g. aws:cdk:warning.
	Type string `json:"type"`
	// Data is the entry's value, as JSON.
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
// nested assemblies (stages) and nested stack templates. An assembly that
// cdk synth has not finished writing (a synth.lock in it, or templates
// without a manifest.json) is an error: it would be audited as complete.
// Every file is read inside the folder only, after resolving symbolic
// links, and within a size cap. A template or nested assembly that cannot
// be read is listed in Model.Unread and the rest is read.
func ReadAssembly(dir string) (*Model, error) {
	if err := checkComplete(dir, true); err != nil {
		return nil, err
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %w", dir, cause(err))
	}
	defer root.Close()
	r := &assemblyReader{m: &Model{}, root: root, dir: dir}
	if err := r.read(".", "", 0); err != nil {
		return nil, err
	}
	if len(r.m.Stacks) == 0 && len(r.m.Unread) == 0 {
		return nil, fmt.Errorf("%s holds no CloudFormation templates: is it a cloud assembly (cdk.out)?", dir)
	}
	r.m.InspectAssets()
	return r.m, nil
}

// checkComplete refuses a folder cdk synth is still writing or left
// half-written: a synth.lock in it, or (for an assembly) templates
// without the manifest.json that cdk synth writes last.
func checkComplete(dir string, assembly bool) error {
	lock := filepath.Join(dir, synthLock)
	if _, err := os.Lstat(lock); err == nil {
		data, _ := untrusted.ReadFile(lock, maxLockBytes)
		pid, err := strconv.Atoi(strings.TrimSpace(string(data)))
		switch {
		case err != nil || pid <= 0:
			return fmt.Errorf("%s is incomplete: it holds %s, which cdk synth writes while it synthesizes and removes when it is done. Run `cdk synth` again, then lambdaperf", dir, synthLock)
		case processRunning(pid):
			return fmt.Errorf("%s is being written: cdk synth (process %d) holds %s. Wait for it to finish, then run lambdaperf again (if process %d is no cdk, delete %s and run `cdk synth` again)", dir, pid, lock, pid, lock)
		}
		return fmt.Errorf("%s is incomplete: %s is left by a cdk synth (process %d) that did not finish, so some templates may be missing or from an older synthesis. Run `cdk synth` again, then lambdaperf", dir, lock, pid)
	}
	if !assembly {
		return nil
	}
	if _, err := os.Lstat(filepath.Join(dir, manifestFile)); !errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	templates, _ := filepath.Glob(filepath.Join(dir, "*.template.json"))
	if len(templates) == 0 {
		return nil
	}
	return fmt.Errorf("%s holds %d templates but no %s, which cdk synth writes after every template: the synthesis that wrote it did not finish, or this is not a cloud assembly. Run `cdk synth` again, or audit one template on its own (lambdaperf audit %s)", dir, len(templates), manifestFile, templates[0])
}

// assemblyReader reads one cloud assembly folder through an os.Root, so
// no file name or symbolic link in it reads outside the folder.
type assemblyReader struct {
	m    *Model
	root *os.Root
	dir  string
	// folders are the assembly folders read, to refuse a link loop.
	folders []fs.FileInfo
}

// maxNesting is how deep nested assemblies (stages in stages) are read.
const maxNesting = 10

// read reads the assembly folder rel (relative to the root) whose stacks'
// names start with prefix.
func (r *assemblyReader) read(rel, prefix string, depth int) error {
	info, err := r.root.Stat(filepath.FromSlash(rel))
	switch {
	case err != nil:
		return r.unread(rel, "", r.whyNot(rel, err))
	case !info.IsDir():
		return r.unread(rel, "", "is not a folder")
	case depth > maxNesting:
		return r.unread(rel, "", fmt.Sprintf("is nested more than %d assemblies deep", maxNesting))
	}
	for _, seen := range r.folders {
		if os.SameFile(seen, info) {
			return r.unread(rel, "", "is a folder already read (a link loop)")
		}
	}
	r.folders = append(r.folders, info)
	manifestPath := path.Join(rel, manifestFile)
	data, err := untrusted.ReadFileIn(r.root, filepath.FromSlash(manifestPath), maxManifestBytes)
	var man manifest
	switch {
	case rel == "." && errors.Is(err, fs.ErrNotExist):
		return nil // no templates either (checkComplete)
	case err == nil:
		if err = json.Unmarshal(data, &man); err != nil {
			err = fmt.Errorf("is not valid JSON: %w", err)
		}
	default:
		err = fmt.Errorf("cannot be read: %w", cause(err))
	}
	if err != nil {
		if rel == "." {
			return fmt.Errorf("%s %w; run `cdk synth` again", filepath.Join(r.dir, manifestFile), err)
		}
		return r.unread(manifestPath, "", fmt.Sprintf("%v: the stacks of this nested assembly were not read", err))
	}
	assets := r.m.readAssetManifests(r.root, rel)
	assetDir := filepath.Join(r.dir, filepath.FromSlash(rel))
	seen := map[string]bool{}
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
			tf := art.Properties.TemplateFile
			if !filepath.IsLocal(tf) {
				r.unread(tf, name, "is outside the assembly: not read")
				continue
			}
			file := path.Join(rel, filepath.ToSlash(tf))
			seen[file] = true
			opts := TemplateOptions{AssetDir: assetDir, Assets: assets, Environment: art.Environment}
			meta := art.Metadata
			if f := art.AdditionalMetadataFile; f != "" {
				meta = r.metadata(rel, f, name, meta)
			}
			opts.FrameworkPaths = meta.frameworkPaths()
			if st := r.template(file, name, opts); st != nil {
				st.Metadata = meta
			}
		case "cdk:cloud-assembly":
			dn := art.Properties.DirectoryName
			if !filepath.IsLocal(dn) {
				r.unread(dn, prefix+id, "is outside the assembly: not read")
				continue
			}
			if err := r.read(path.Join(rel, filepath.ToSlash(dn)), prefix+id+"/", depth+1); err != nil {
				return err
			}
		}
	}
	// Nested stacks: templates the manifest does not list.
	entries, _ := fs.ReadDir(r.root.FS(), rel)
	for _, e := range entries {
		name := e.Name()
		file := path.Join(rel, name)
		if !strings.HasSuffix(name, ".template.json") || seen[file] {
			continue
		}
		r.template(file, prefix+strings.TrimSuffix(name, ".template.json"), TemplateOptions{AssetDir: assetDir, Assets: assets})
	}
	return nil
}

// template reads one template of the assembly into a stack, or lists it
// in Model.Unread and returns nil.
func (r *assemblyReader) template(file, name string, opts TemplateOptions) *Stack {
	data, err := untrusted.ReadFileIn(r.root, filepath.FromSlash(file), maxTemplateBytes)
	if err != nil {
		r.unread(file, name, r.whyNot(file, err))
		return nil
	}
	st, err := ParseTemplate(name, data, opts)
	if err != nil {
		r.unread(file, name, err.Error())
		return nil
	}
	st.TemplateFile = filepath.Join(r.dir, filepath.FromSlash(file))
	r.m.Stacks = append(r.m.Stacks, st)
	return st
}

// metadata merges a stack's additionalMetadataFile into meta; one that
// cannot be read is listed in Model.Unread (metadata refines, it is not
// required).
func (r *assemblyReader) metadata(rel, file, stack string, meta nodeMetadata) nodeMetadata {
	why := "is outside the assembly"
	if filepath.IsLocal(file) {
		p := path.Join(rel, filepath.ToSlash(file))
		data, err := untrusted.ReadFileIn(r.root, filepath.FromSlash(p), maxManifestBytes)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			return meta // a copy of the assembly without it: nothing crafted
		case err != nil:
			why = r.whyNot(p, err)
		default:
			more := nodeMetadata{}
			if err = json.Unmarshal(data, &more); err == nil {
				if meta == nil {
					meta = nodeMetadata{}
				}
				for k, v := range more {
					meta[k] = v
				}
				return meta
			}
			why = fmt.Sprintf("is not valid JSON: %v", err)
		}
	}
	r.m.Unread = append(r.m.Unread, Unread{Stack: stack, File: path.Join(rel, filepath.ToSlash(file)), Partial: true,
		Why: why + ": the stack was read without its construct metadata, so CDK's own handlers are told apart by their names only"})
	return meta
}

// whyNot says why the file or folder rel of the assembly could not be
// read: a symbolic link that leaves the assembly (os.Root refuses to
// follow it) is named as such.
func (r *assemblyReader) whyNot(rel string, err error) string {
	var tl *untrusted.TooLargeError
	if info, lerr := r.root.Lstat(filepath.FromSlash(rel)); lerr == nil && info.Mode()&fs.ModeSymlink != 0 &&
		!errors.Is(err, untrusted.ErrNotRegular) && !errors.As(err, &tl) && !errors.Is(err, fs.ErrNotExist) {
		return "is a symbolic link that leaves the assembly: not followed"
	}
	return fmt.Sprintf("cannot be read: %v", cause(err))
}

// unread lists a part of the assembly that was not read; it returns nil
// so that a caller can return it.
func (r *assemblyReader) unread(file, stack, why string) error {
	r.m.Unread = append(r.m.Unread, Unread{Stack: stack, File: path.Clean(file), Why: why})
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
// that use it (AssetOverLimit when it passes Lambda's package limit);
// every other function is still inspected.
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
			var le *untrusted.LimitError
			switch {
			case errors.As(r.err, &le) && le.Kind.Bytes():
				f.AssetOverLimit = r.err.Error()
			case r.err != nil:
				f.AssetProblem = r.err.Error()
			default:
				f.Asset = r.asset
			}
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
