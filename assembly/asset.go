package assembly

import (
	"bytes"
	"compress/flate"
	"debug/buildinfo"
	"debug/elf"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"regexp"
	"sort"
	"strings"

	"github.com/lambdaperf/lambdaperf/internal/untrusted"
	"github.com/lambdaperf/lambdaperf/lambda"
)

// Limits that keep the inspection of a huge asset bounded.
const (
	// maxAssetEntries is lambdaperf's own cap on the files, folders and
	// links of one asset (Lambda documents none): an asset with more is not
	// inspected, and the audit says so.
	maxAssetEntries = 200_000
	maxScanBytes    = 64 << 20 // files larger than this are sized, not read
	// minifyMinBytes: smaller JavaScript files are not judged on minification.
	minifyMinBytes = 8 << 10
	// minifiedLineLen: bundlers that minify emit a few very long lines;
	// hand-written or unminified bundles average well under 100 characters.
	minifiedLineLen = 200
)

// CodeAsset is what an inspection of a function's code asset (a folder, or
// a .zip / .jar) found.
type CodeAsset struct {
	// Path of the asset (folder or archive).
	Path string
	// Files is the number of files in it.
	Files int
	Bytes int64 // uncompressed
	// ZipBytes is the deployment package size: the archive's size, or for a
	// folder an estimate by deflating every file as a zip would.
	ZipBytes int64
	// NodeModules says the package ships a node_modules folder.
	NodeModules bool
	// JS are the function's own JavaScript files (node_modules aside).
	JS         []JSFile
	SourceMaps []string // .map files outside node_modules
	// InlineSourceMaps lists JavaScript files carrying a data: source map.
	InlineSourceMaps []string
	// BundledSDK is evidence that the AWS SDK for JavaScript is in the
	// package ("node_modules/@aws-sdk" or the bundle that contains it).
	BundledSDK string
	// Natives are the native binaries found, with their architecture.
	Natives []Native
	Go      *GoBinary // the bootstrap at the root, when it is a Go program
	// Parallel is evidence of worker threads or multiprocessing in the
	// function's own code ("index.mjs: worker_threads").
	Parallel []string
	// Skipped lists the entries of a folder asset that were not read:
	// FIFOs, devices, sockets, and links that leave the asset or lead
	// nowhere ("dev/pipe: a FIFO").
	Skipped []string
}

// JSFile describes one of the function's own JavaScript files.
type JSFile struct {
	// Path of the file within the asset.
	Path string
	// Bytes is its size.
	Bytes int64
	// AvgLineLen is its average line length, in characters.
	AvgLineLen int
	// Minified says it looks minified (long lines).
	Minified bool
	// BundlesSDK says it contains the AWS SDK for JavaScript.
	BundlesSDK  bool
	SpawnsProcs bool // child_process
}

// Native is a native binary in the asset: a .node addon, a shared library
// or an executable, with the architecture it was built for.
type Native struct {
	// Path of the binary within the asset.
	Path    string
	Kind    string // "node addon", "shared library" or "executable"
	Machine string // "x86_64", "arm64" or the ELF machine name
}

// GoBinary is the build information of a Go bootstrap.
type GoBinary struct {
	// Path of the bootstrap within the asset.
	Path string
	// GoVersion is the Go release that built it.
	GoVersion string
	Tags      string // the -tags build setting
	LdFlags   string // the -ldflags build setting
	// UsesLambdaGo: linked with github.com/aws/aws-lambda-go, where the
	// lambda.norpc tag drops the unused RPC server.
	UsesLambdaGo bool
	// NoRPC says it was built with -tags lambda.norpc.
	NoRPC bool
	// Stripped: no symbol table (-s) and no DWARF (-w).
	Stripped bool
}

// assetLimits bound what the inspection reads of an asset, from the sizes
// the folder or the zip's headers declare, before anything is read: no
// file and no package (with its layers) that Lambda deploys holds more
// than lambda.MaxUnzippedBytes unzipped, so a larger asset is refused
// whole (a finding names it), and a zip whose entries share compressed
// data (a zip bomb's construction) is refused too.
var assetLimits = untrusted.Limits{Entries: maxAssetEntries, EntryBytes: lambda.MaxUnzippedBytes, TotalBytes: lambda.MaxUnzippedBytes}

var (
	reSDKMarker    = regexp.MustCompile(`"aws-sdk-js"|"x-amz-user-agent"|node_modules/@aws-sdk/`)
	reWorkers      = regexp.MustCompile(`["'](node:)?worker_threads["']`)
	reChildProcess = regexp.MustCompile(`["'](node:)?child_process["']`)
	// reSDKProcessProvider is the SDK's credential_process provider, which
	// spawns a process for credentials, not parallel work; split at its
	// import() (optimizedfn's SplitESM) it is a chunk without other SDK markers.
	reSDKProcessProvider = regexp.MustCompile(`"@aws-sdk/credential-provider-process`)
	reSourceMapURL       = regexp.MustCompile(`(?m)^//# sourceMappingURL=(\S+)`)
	rePyParallel         = regexp.MustCompile(`(?m)^\s*(import\s+multiprocessing|from\s+multiprocessing\b|from\s+concurrent\.futures\s+import\s+.*ProcessPoolExecutor)|\bos\.fork\(`)
)

// InspectAsset reads a code asset folder, .zip or .jar.
func InspectAsset(p string) (*CodeAsset, error) {
	info, err := os.Stat(p)
	if err != nil {
		return nil, err
	}
	a := &CodeAsset{Path: p}
	ins := &inspector{asset: a}
	if info.IsDir() {
		err = ins.walkDir(p)
	} else {
		a.ZipBytes = info.Size()
		err = ins.walkZip(p)
	}
	var le *untrusted.LimitError
	switch {
	case errors.As(err, &le):
		return nil, &untrusted.LimitError{What: "code asset " + p, Why: le.Why, Kind: le.Kind}
	case err != nil:
		return nil, fmt.Errorf("code asset %s: %w", p, cause(err))
	}
	ins.finish()
	return a, nil
}

type inspector struct {
	asset    *CodeAsset
	counter  countWriter
	zw       *flate.Writer
	pyFiles  map[string]string // python file -> evidence
	distInfo map[string]bool   // top-level names installed as packages
}

func (ins *inspector) walkDir(root string) error {
	zw, err := flate.NewWriter(&ins.counter, flate.DefaultCompression)
	if err != nil {
		return err
	}
	ins.zw = zw
	folder, err := untrusted.Walk(root, assetLimits)
	if err != nil {
		return err
	}
	defer folder.Close()
	for _, s := range folder.Skipped {
		ins.asset.Skipped = append(ins.asset.Skipped, untrusted.Printable(s.Rel)+": "+s.Why)
	}
	for _, e := range folder.Entries {
		if e.Dir {
			ins.dir(e.Rel)
			continue
		}
		if err := ins.file(e.Rel, e.Size, func() (io.ReadCloser, error) { return folder.Open(e) }); err != nil {
			return err
		}
	}
	// Local file header + central directory entry per file, roughly.
	ins.asset.ZipBytes = ins.counter.n + int64(ins.asset.Files)*100 + 22
	return nil
}

func (ins *inspector) walkZip(p string) error {
	zr, err := untrusted.OpenZip(p, assetLimits)
	var le *untrusted.LimitError
	switch {
	case errors.As(err, &le) || errors.Is(err, untrusted.ErrNotRegular):
		return err
	case err != nil:
		return fmt.Errorf("not a folder nor a zip archive: %w", err)
	}
	defer zr.Close()
	for _, f := range zr.File {
		name := strings.TrimPrefix(path.Clean(f.Name), "/")
		if f.FileInfo().IsDir() {
			ins.dir(name)
			continue
		}
		ins.dir(path.Dir(name))
		if err := ins.file(name, int64(f.UncompressedSize64), f.Open); err != nil {
			return err
		}
	}
	return nil
}

// dir notes folders that matter: node_modules and installed Python packages.
func (ins *inspector) dir(rel string) {
	for _, part := range strings.Split(rel, "/") {
		if part == "node_modules" {
			ins.asset.NodeModules = true
			if strings.Contains(rel, "node_modules/@aws-sdk") && ins.asset.BundledSDK == "" {
				ins.asset.BundledSDK = "node_modules/@aws-sdk"
			}
		}
	}
	top, _, _ := strings.Cut(rel, "/")
	for _, suffix := range []string{".dist-info", ".egg-info"} {
		if name, ok := strings.CutSuffix(top, suffix); ok {
			name, _, _ = strings.Cut(name, "-")
			if ins.distInfo == nil {
				ins.distInfo = map[string]bool{}
			}
			ins.distInfo[strings.ToLower(name)] = true
		}
	}
}

func (ins *inspector) file(rel string, size int64, open func() (io.ReadCloser, error)) error {
	a := ins.asset
	a.Files++
	a.Bytes += size
	inDeps := strings.HasPrefix(rel, "node_modules/") || strings.Contains(rel, "/node_modules/")
	if inDeps {
		a.NodeModules = true
		if a.BundledSDK == "" && strings.Contains(rel, "node_modules/@aws-sdk/") {
			a.BundledSDK = "node_modules/@aws-sdk"
		}
	}
	rc, err := open()
	if err != nil {
		return err
	}
	defer rc.Close()
	if size > maxScanBytes {
		head := make([]byte, 4)
		n, _ := io.ReadFull(rc, head)
		return ins.deflate(head[:n], rc)
	}
	// The size is what the folder listed or the zip declared (archive/zip
	// fails a read past it), so one buffer of that size holds the file.
	data := make([]byte, size)
	n, err := io.ReadFull(rc, data)
	if err != nil && err != io.ErrUnexpectedEOF {
		return err
	}
	data = data[:n]
	if _, err := io.Copy(io.Discard, io.LimitReader(rc, 1)); err != nil {
		return err // reading to the end checks a zip entry's CRC-32
	}
	if err := ins.deflate(data, nil); err != nil {
		return err
	}
	if bytes.HasPrefix(data, []byte("\x7fELF")) {
		ins.native(rel, data)
		return nil
	}
	if inDeps {
		return nil
	}
	ext := path.Ext(rel)
	switch ext {
	case ".js", ".mjs", ".cjs":
		ins.javascript(rel, data)
	case ".map":
		a.SourceMaps = append(a.SourceMaps, rel)
	case ".py":
		if m := rePyParallel.Find(data); m != nil {
			if ins.pyFiles == nil {
				ins.pyFiles = map[string]string{}
			}
			ins.pyFiles[rel] = strings.TrimSpace(string(m))
		}
	}
	return nil
}

func (ins *inspector) javascript(rel string, data []byte) {
	a := ins.asset
	lines := bytes.Count(data, []byte("\n")) + 1
	if len(data) > 0 && data[len(data)-1] == '\n' {
		lines--
	}
	js := JSFile{Path: rel, Bytes: int64(len(data))}
	if lines > 0 {
		js.AvgLineLen = len(data) / lines
	}
	js.Minified = len(data) < minifyMinBytes || js.AvgLineLen >= minifiedLineLen
	js.BundlesSDK = reSDKMarker.Match(data)
	if js.BundlesSDK && a.BundledSDK == "" {
		a.BundledSDK = rel
	}
	if m := reSourceMapURL.FindSubmatch(data); m != nil && bytes.HasPrefix(m[1], []byte("data:")) {
		a.InlineSourceMaps = append(a.InlineSourceMaps, rel)
	}
	if reWorkers.Match(data) {
		a.Parallel = append(a.Parallel, rel+": worker_threads")
	}
	js.SpawnsProcs = reChildProcess.Match(data) && !reSDKProcessProvider.Match(data)
	a.JS = append(a.JS, js)
}

func (ins *inspector) native(rel string, data []byte) {
	f, err := elf.NewFile(bytes.NewReader(data))
	if err != nil {
		return
	}
	defer f.Close()
	n := Native{Path: rel, Machine: elfMachine(f.Machine)}
	switch {
	case strings.HasSuffix(rel, ".node"):
		n.Kind = "node addon"
	case f.Type == elf.ET_DYN && (strings.HasSuffix(rel, ".so") || strings.Contains(path.Base(rel), ".so.")):
		n.Kind = "shared library"
	default:
		n.Kind = "executable"
	}
	ins.asset.Natives = append(ins.asset.Natives, n)
	if rel != "bootstrap" {
		return
	}
	bi, err := buildinfo.Read(bytes.NewReader(data))
	if err != nil {
		return // not a Go program
	}
	g := &GoBinary{Path: rel, GoVersion: bi.GoVersion, Stripped: f.Section(".symtab") == nil}
	for _, s := range f.Sections {
		if strings.HasPrefix(s.Name, ".debug_") || strings.HasPrefix(s.Name, ".zdebug_") {
			g.Stripped = false
		}
	}
	for _, s := range bi.Settings {
		switch s.Key {
		case "-tags":
			g.Tags = s.Value
		case "-ldflags":
			g.LdFlags = s.Value
		}
	}
	for _, tag := range strings.Split(g.Tags, ",") {
		if tag == "lambda.norpc" {
			g.NoRPC = true
		}
	}
	for _, d := range bi.Deps {
		if d.Path == "github.com/aws/aws-lambda-go" {
			g.UsesLambdaGo = true
		}
	}
	ins.asset.Go = g
}

// finish keeps Python parallelism evidence from the function's own code,
// not from installed packages (a top-level folder with a .dist-info).
func (ins *inspector) finish() {
	a := ins.asset
	var py []string
	for rel, ev := range ins.pyFiles {
		top, _, nested := strings.Cut(rel, "/")
		if nested && ins.distInfo[strings.ToLower(top)] {
			continue
		}
		py = append(py, rel+": "+ev)
	}
	sort.Strings(py)
	a.Parallel = append(a.Parallel, py...)
	// child_process counts as the function's own multiprocessing only when
	// the bundle does not also carry the SDK, whose credential provider
	// spawns processes.
	for _, js := range a.JS {
		if js.SpawnsProcs && !js.BundlesSDK {
			a.Parallel = append(a.Parallel, js.Path+": child_process")
		}
	}
	sort.Strings(a.SourceMaps)
}

// elfMachine names an ELF machine the way Lambda names architectures.
func elfMachine(m elf.Machine) string {
	switch m {
	case elf.EM_X86_64:
		return string(lambda.X86_64)
	case elf.EM_AARCH64:
		return string(lambda.ARM64)
	}
	return strings.TrimPrefix(m.String(), "EM_")
}

// deflate adds one file's compressed size to the folder's estimate; each
// file is compressed on its own, as in a zip.
func (ins *inspector) deflate(data []byte, rest io.Reader) error {
	if ins.zw == nil {
		return nil
	}
	ins.zw.Reset(&ins.counter)
	if _, err := ins.zw.Write(data); err != nil {
		return err
	}
	if rest != nil {
		if _, err := io.Copy(ins.zw, rest); err != nil {
			return err
		}
	}
	return ins.zw.Close()
}

type countWriter struct{ n int64 }

func (c *countWriter) Write(p []byte) (int, error) {
	c.n += int64(len(p))
	return len(p), nil
}
