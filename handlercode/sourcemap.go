package handlercode

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"path"
	"sort"
	"strings"
)

// sourceMap is a decoded source map (version 3): for each generated line,
// its segments sorted by column.
type sourceMap struct {
	sources []string
	names   []string
	lines   [][]segment
}

// segment maps a generated column to a source line; name indexes names
// (-1 without one): the original name of a renamed (minified) identifier.
type segment struct {
	col, src, srcLine, name int
}

// loadSourceMap finds the map of a bundle: the URL its last
// sourceMappingURL comment names (a data: URL or a file beside it), else
// <file>.map. A map that cannot be read leaves positions in the bundle.
func loadSourceMap(files Files, name string, src []byte, max int64) *sourceMap {
	var data []byte
	if url := sourceMappingURL(src); url != "" {
		if rest, ok := strings.CutPrefix(url, "data:"); ok {
			if _, b64, ok := strings.Cut(rest, ";base64,"); ok {
				data, _ = base64.StdEncoding.DecodeString(b64)
			}
		} else if !strings.Contains(url, "://") {
			data, _ = files.Read(path.Join(path.Dir(name), url), max)
		}
	}
	if data == nil {
		data, _ = files.Read(name+".map", max)
	}
	if data == nil {
		return nil
	}
	return parseSourceMap(data, path.Dir(name))
}

// sourceMappingURL is the URL of the file's last sourceMappingURL comment
// ("//# sourceMappingURL=..." on a line of its own), or "".
func sourceMappingURL(src []byte) string {
	i := bytes.LastIndex(src, []byte("sourceMappingURL="))
	if i < 3 {
		return ""
	}
	start := bytes.LastIndexByte(src[:i], '\n') + 1
	if prefix := bytes.TrimSpace(src[start:i]); !bytes.Equal(prefix, []byte("//#")) && !bytes.Equal(prefix, []byte("//@")) {
		return ""
	}
	rest := src[i+len("sourceMappingURL="):]
	if j := bytes.IndexAny(rest, " \t\r\n"); j >= 0 {
		rest = rest[:j]
	}
	return string(rest)
}

func parseSourceMap(data []byte, dir string) *sourceMap {
	var raw struct {
		Version    int      `json:"version"`
		Sources    []string `json:"sources"`
		SourceRoot string   `json:"sourceRoot"`
		Mappings   string   `json:"mappings"`
		Names      []string `json:"names"`
	}
	if err := json.Unmarshal(data, &raw); err != nil || raw.Version != 3 {
		return nil
	}
	m := &sourceMap{names: raw.Names}
	for _, s := range raw.Sources {
		m.sources = append(m.sources, displaySource(raw.SourceRoot, s))
	}
	var col, src, srcLine, name int
	line := []segment{}
	for _, group := range strings.Split(raw.Mappings, ";") {
		col = 0
		for _, seg := range strings.Split(group, ",") {
			if seg == "" {
				continue
			}
			v, ok := vlq(seg)
			if !ok || len(v) < 4 {
				if ok && len(v) >= 1 {
					col += v[0]
				}
				continue
			}
			col += v[0]
			src += v[1]
			srcLine += v[2]
			named := -1
			if len(v) >= 5 {
				name += v[4]
				named = name
			}
			if src >= 0 && src < len(m.sources) {
				line = append(line, segment{col: col, src: src, srcLine: srcLine, name: named})
			}
		}
		sort.Slice(line, func(i, j int) bool { return line[i].col < line[j].col })
		m.lines = append(m.lines, line)
		line = []segment{}
	}
	return m
}

// displaySource shortens a map's source path for messages: bundlers write
// them relative to the output folder ("../../src/handler.ts") or with a
// scheme ("webpack://app/./src/handler.ts").
func displaySource(root, s string) string {
	if i := strings.Index(s, "://"); i >= 0 {
		s = s[i+3:]
		if j := strings.Index(s, "/"); j >= 0 {
			s = s[j+1:]
		}
	}
	if root != "" && !strings.Contains(root, "://") {
		s = path.Join(root, s)
	}
	s = path.Clean(s)
	for strings.HasPrefix(s, "../") {
		s = s[3:]
	}
	return strings.TrimPrefix(s, "./")
}

// lookup maps a generated line and column (0-based) to the source and its
// 0-based line: the last segment at or before the column.
func (m *sourceMap) lookup(line, col int) (string, int, bool) {
	if line < 0 || line >= len(m.lines) {
		return "", 0, false
	}
	segs := m.lines[line]
	i := sort.Search(len(segs), func(i int) bool { return segs[i].col > col }) - 1
	if i < 0 {
		if len(segs) == 0 {
			return "", 0, false
		}
		i = 0
	}
	s := segs[i]
	return m.sources[s.src], s.srcLine, true
}

// nameAt is the original name of the identifier that starts at the
// generated line and column (0-based), when the map records one.
func (m *sourceMap) nameAt(line, col int) (string, bool) {
	if line < 0 || line >= len(m.lines) {
		return "", false
	}
	segs := m.lines[line]
	i := sort.Search(len(segs), func(i int) bool { return segs[i].col >= col })
	if i < len(segs) && segs[i].col == col && segs[i].name >= 0 && segs[i].name < len(m.names) {
		return m.names[segs[i].name], true
	}
	return "", false
}

const b64chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"

// vlq decodes one segment's base64 VLQ values.
func vlq(s string) ([]int, bool) {
	var out []int
	shift, value := 0, 0
	for i := 0; i < len(s); i++ {
		d := bytes.IndexByte([]byte(b64chars), s[i])
		if d < 0 || shift > 30 {
			return nil, false
		}
		value += (d & 31) << shift
		if d&32 != 0 {
			shift += 5
			continue
		}
		if value&1 != 0 {
			out = append(out, -(value >> 1))
		} else {
			out = append(out, value>>1)
		}
		shift, value = 0, 0
	}
	return out, shift == 0
}
