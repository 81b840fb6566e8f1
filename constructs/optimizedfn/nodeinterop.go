package optimizedfn

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// cjsInterop follows every import() of a CommonJS chunk in a SplitESM
// bundle: the chunk exports only `default` (module.exports), because ESM
// has no run-time named exports (esbuild#3245), and this gives the
// importer module.exports' own properties as named exports beside
// `default`, as Node.js and esbuild's unsplit ESM and CommonJS output do.
// The fix esbuild's open PR #4526 makes in its printer
// (`.then(__toDynamicImportESM())`); values are copied when the import
// resolves, not live bindings.
const cjsInterop = ".then(m=>({...m.default,...m}))"

// fixCJSImports rewrites, in the SplitESM bundle in dir built with this
// metafile, every `import("./<chunk>")` of a chunk whose entry point
// esbuild read as CommonJS to carry cjsInterop, and shifts the source
// maps' columns to match. esbuild prints these imports exactly so
// (minified, double quotes, one output folder); it runs before
// stableChunkNames, which then hashes the rewritten chunks.
func fixCJSImports(dir string, metafile []byte) error {
	var meta struct {
		Inputs  map[string]struct{ Format string } `json:"inputs"`
		Outputs map[string]struct {
			EntryPoint string `json:"entryPoint"`
			Imports    []struct {
				Path string `json:"path"`
				Kind string `json:"kind"`
			} `json:"imports"`
		} `json:"outputs"`
	}
	if err := json.Unmarshal(metafile, &meta); err != nil {
		return fmt.Errorf("reading esbuild's metafile: %v", err)
	}
	cjs := map[string]bool{} // output paths of CommonJS chunks
	for out, o := range meta.Outputs {
		if o.EntryPoint != "" && meta.Inputs[o.EntryPoint].Format == "cjs" && filepath.Base(out) != NodeEntryFile(SplitESM) {
			cjs[out] = true
		}
	}
	files := make([]string, 0, len(meta.Outputs))
	for out := range meta.Outputs {
		files = append(files, out)
	}
	sort.Strings(files)
	for _, out := range files {
		want := map[string]int{} // needle -> import() calls esbuild counted
		for _, imp := range meta.Outputs[out].Imports {
			if imp.Kind == "dynamic-import" && cjs[imp.Path] {
				want[`import("./`+filepath.Base(imp.Path)+`")`]++
			}
		}
		if len(want) == 0 {
			continue
		}
		name := filepath.Join(dir, filepath.Base(out))
		b, err := os.ReadFile(name)
		if err != nil {
			return err
		}
		needles := make([]string, 0, len(want))
		for n, count := range want {
			// Never silent: an import() printed otherwise would keep only `default`.
			if got := strings.Count(string(b), n); got != count {
				return fmt.Errorf("%s has %d import() of a CommonJS chunk, found %d as %s: set Format: optimizedfn.ESM", filepath.Base(out), count, got, n)
			}
			needles = append(needles, n)
		}
		sort.Strings(needles)
		code, at := insertAfter(string(b), needles, cjsInterop)
		if err := os.WriteFile(name, []byte(code), 0o644); err != nil {
			return err
		}
		m, err := os.ReadFile(name + ".map")
		if os.IsNotExist(err) {
			continue
		} else if err != nil {
			return err
		}
		shifted, err := shiftSourceMap(string(m), at, len(cjsInterop))
		if err != nil {
			return fmt.Errorf("%s.map: %v", filepath.Base(out), err)
		}
		if err := os.WriteFile(name+".map", []byte(shifted), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// position is a place in the text before insertion: 0-based line, and
// column in bytes (esbuild's output is ASCII, so also in UTF-16 units).
type position struct{ line, col int }

// insertAfter inserts text after every occurrence of each needle and
// returns the new code and the places of the insertions, in order.
func insertAfter(code string, needles []string, text string) (string, []position) {
	var ends []int
	for _, n := range needles {
		for i := 0; ; {
			j := strings.Index(code[i:], n)
			if j < 0 {
				break
			}
			i += j + len(n)
			ends = append(ends, i)
		}
	}
	sort.Ints(ends)
	var sb strings.Builder
	var at []position
	prev := 0
	for _, end := range ends {
		sb.WriteString(code[prev:end])
		sb.WriteString(text)
		line := strings.Count(code[:end], "\n")
		at = append(at, position{line, end - (strings.LastIndex(code[:end], "\n") + 1)})
		prev = end
	}
	sb.WriteString(code[prev:])
	return sb.String(), at
}

// shiftSourceMap moves, in a source map's mappings, every generated
// column at or after an insertion by n per insertion before it. Only the
// first field of a segment (the column, relative within its line) changes.
func shiftSourceMap(sourceMap string, at []position, n int) (string, error) {
	var m struct {
		Mappings string `json:"mappings"`
	}
	if err := json.Unmarshal([]byte(sourceMap), &m); err != nil {
		return "", err
	}
	lines := strings.Split(m.Mappings, ";")
	for li := range lines {
		var cols []int
		for _, p := range at {
			if p.line == li {
				cols = append(cols, p.col)
			}
		}
		if len(cols) == 0 || lines[li] == "" {
			continue
		}
		segs := strings.Split(lines[li], ",")
		abs, newPrev := 0, 0
		for si, seg := range segs {
			delta, rest, err := vlqDecode(seg)
			if err != nil {
				return "", err
			}
			abs += delta
			shifted := abs
			for _, c := range cols {
				if abs >= c {
					shifted += n
				}
			}
			segs[si] = vlqEncode(shifted-newPrev) + rest
			newPrev = shifted
		}
		lines[li] = strings.Join(segs, ",")
	}
	old, _ := json.Marshal(m.Mappings)
	m.Mappings = strings.Join(lines, ";")
	updated, _ := json.Marshal(m.Mappings)
	if strings.Count(sourceMap, string(old)) != 1 {
		return "", fmt.Errorf("mappings not found once")
	}
	return strings.Replace(sourceMap, string(old), string(updated), 1), nil
}

const base64VLQ = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"

// vlqDecode reads the first base64 VLQ value of s and returns it and the rest.
func vlqDecode(s string) (int, string, error) {
	v, shift := 0, 0
	for i := 0; i < len(s); i++ {
		d := strings.IndexByte(base64VLQ, s[i])
		if d < 0 {
			return 0, "", fmt.Errorf("bad VLQ digit %q", s[i])
		}
		v |= (d & 31) << shift
		shift += 5
		if d&32 == 0 {
			if v&1 == 1 {
				return -(v >> 1), s[i+1:], nil
			}
			return v >> 1, s[i+1:], nil
		}
	}
	return 0, "", fmt.Errorf("truncated VLQ %q", s)
}

func vlqEncode(v int) string {
	u := v << 1
	if v < 0 {
		u = (-v)<<1 | 1
	}
	var sb strings.Builder
	for {
		d := u & 31
		u >>= 5
		if u > 0 {
			d |= 32
		}
		sb.WriteByte(base64VLQ[d])
		if u == 0 {
			return sb.String()
		}
	}
}
