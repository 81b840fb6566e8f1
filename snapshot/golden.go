package snapshot

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// update is the one switch that rewrites golden files: go test ./test -update.
var update = flag.Bool("update", false, "rewrite golden files with the current output")

// Golden compares got (JSON-rendered if it is not already []byte) with the
// golden file at path and fails with a unified diff on mismatch. With
// -update it writes got to path instead; goldens never change otherwise.
func Golden(t testing.TB, path string, got any) {
	t.Helper()
	b, ok := got.([]byte)
	if !ok {
		b = JSON(got)
	}
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("golden file %s: %v (create it with: go test -run '%s' -update)", path, err, t.Name())
	}
	if !bytes.Equal(want, b) {
		t.Errorf("%s differs from the synthesized output (-golden +got); if the change is intended, run: go test -run '%s' -update\n%s",
			path, t.Name(), Diff(string(want), string(b)))
	}
}

// Diff is a unified line diff of a and b with three lines of context.
func Diff(a, b string) string {
	x, y := strings.Split(a, "\n"), strings.Split(b, "\n")
	// Longest common subsequence table, from the end.
	n, m := len(x), len(y)
	lcs := make([][]int32, n+1)
	for i := range lcs {
		lcs[i] = make([]int32, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if x[i] == y[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	type line struct {
		op   byte
		text string
	}
	var ops []line
	i, j := 0, 0
	for i < n || j < m {
		switch {
		case i < n && j < m && x[i] == y[j]:
			ops = append(ops, line{' ', x[i]})
			i++
			j++
		case j < m && (i == n || lcs[i][j+1] > lcs[i+1][j]):
			ops = append(ops, line{'+', y[j]})
			j++
		default:
			ops = append(ops, line{'-', x[i]})
			i++
		}
	}
	const context = 3
	show := make([]bool, len(ops))
	for k, o := range ops {
		if o.op != ' ' {
			for c := max(0, k-context); c <= min(len(ops)-1, k+context); c++ {
				show[c] = true
			}
		}
	}
	var out strings.Builder
	printed, gap := false, false
	for k, o := range ops {
		if !show[k] {
			gap = true
			continue
		}
		if printed && gap {
			out.WriteString("@@\n")
		}
		out.WriteString(string(o.op) + o.text + "\n")
		printed, gap = true, false
	}
	return out.String()
}
