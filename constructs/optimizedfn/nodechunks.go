package optimizedfn

import (
	"crypto/sha256"
	"encoding/base32"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// stableChunkNames renames the chunks of a SplitESM bundle in dir after
// their content. esbuild's [hash] also covers the input paths relative to
// the working directory, so a node_modules reached through a symlink (a
// shared install) would give another checkout other chunk names, other
// bytes and another asset hash. Each chunk is named by the hash of its
// content with every chunk name masked; references (import statements,
// source map comments) and .map files follow the new names.
func stableChunkNames(dir string) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	files := map[string]string{}
	var chunks []string
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			return err
		}
		files[e.Name()] = string(b)
		if strings.HasSuffix(e.Name(), ".mjs") && e.Name() != NodeEntryFile(SplitESM) {
			chunks = append(chunks, e.Name())
		}
	}
	// Longest first, so no name is replaced inside a longer one.
	sort.Slice(chunks, func(i, j int) bool {
		return len(chunks[i]) > len(chunks[j]) || len(chunks[i]) == len(chunks[j]) && chunks[i] < chunks[j]
	})
	mask := make([]string, 0, 2*len(chunks))
	for _, c := range chunks {
		mask = append(mask, c, "\x00")
	}
	masker := strings.NewReplacer(mask...)
	names := make([]string, 0, 2*len(chunks))
	taken := map[string]string{}
	for _, c := range chunks {
		sum := sha256.Sum256([]byte(masker.Replace(files[c])))
		prefix := c[:max(strings.LastIndex(c, "-"), 0)]
		name := fmt.Sprintf("%s-%s.mjs", prefix, base32.StdEncoding.EncodeToString(sum[:5]))
		if other, ok := taken[name]; ok {
			return fmt.Errorf("chunks %s and %s have the same content", other, c)
		}
		taken[name] = c
		names = append(names, c, name)
	}
	renamer := strings.NewReplacer(names...)
	for name, content := range files {
		if err := os.Remove(filepath.Join(dir, name)); err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, renamer.Replace(name)), []byte(renamer.Replace(content)), 0o644); err != nil {
			return err
		}
	}
	return nil
}
