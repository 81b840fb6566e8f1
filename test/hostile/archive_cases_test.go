//go:build linux

package hostile

import (
	"archive/zip"
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/lambdaperf/lambdaperf/internal/testfiles"
)

// Cases of code assets: zip archives and folders that audit reads.
func init() {
	// zip.Writer keeps every entry's header until Close (about 100 MB
	// here), so the archive is written by a child process: the harness's
	// own peak stays low (see Result.Inherited).
	crafts["zip of 200,001 entries"] = func(p string) error {
		f, err := os.Create(p)
		if err != nil {
			return err
		}
		buf := bufio.NewWriter(f)
		w := zip.NewWriter(buf)
		for i := range 200_001 {
			if _, err := w.CreateHeader(&zip.FileHeader{Name: fmt.Sprintf("%06d", i), Method: zip.Store}); err != nil {
				return err
			}
		}
		if err := w.Close(); err != nil {
			return err
		}
		if err := buf.Flush(); err != nil {
			return err
		}
		return f.Close()
	}

	// asset audits one function whose code asset the case crafts at the
	// given name in the assembly, and checks the findings.
	asset := func(name string, craft func(t *testing.T, path string), exit int, check func(t *testing.T, fs []finding, path string)) func(t *testing.T, h *H) {
		return func(t *testing.T, h *H) {
			f := fn("S/Fn/Resource", map[string]any{"Code": map[string]any{"S3Bucket": "b", "S3Key": "k.zip"}})
			f["Metadata"].(map[string]any)["aws:asset:path"] = name
			dir := oneStack(t, h, template(map[string]any{"Fn": f}))
			p := filepath.Join(dir, name)
			craft(t, p)
			check(t, auditJSON(t, h, dir, exit), p)
		}
	}
	zipOf := func(data []byte) func(t *testing.T, p string) {
		return func(t *testing.T, p string) { write(t, p, data) }
	}
	overLimit := func(parts ...string) func(t *testing.T, fs []finding, p string) {
		return func(t *testing.T, fs []finding, p string) {
			wantFinding(t, fs, "code-asset-over-limit", "S", append(parts, p, "250 MiB")...)
		}
	}
	unreadable := func(parts ...string) func(t *testing.T, fs []finding, p string) {
		return func(t *testing.T, fs []finding, p string) {
			wantFinding(t, fs, "code-asset-unreadable", "S", append(parts, p)...)
		}
	}
	skipped := func(parts ...string) func(t *testing.T, fs []finding, _ string) {
		return func(t *testing.T, fs []finding, _ string) {
			wantFinding(t, fs, "input-skipped", "S", parts...)
		}
	}
	folder := func(craft func(t *testing.T, dir string)) func(t *testing.T, p string) {
		return func(t *testing.T, p string) {
			write(t, filepath.Join(p, "index.mjs"), []byte("export const handler = async () => 1;\n"))
			craft(t, p)
		}
	}
	register(
		Case{Area: "archive", Name: "a 74 KB zip bomb: 250 entries that share one deflated stream of 60 MiB",
			Want:      "refused from its headers, before a byte is inflated: a code-asset-over-limit error names the asset (it inflated 15 GB: 33 s and 275 MB for the 74 KB)",
			TimeBound: quick, MemBound: small,
			Run: asset("asset.bomb.zip", zipOf(testfiles.OverlappingZip(250, 60<<20)), 1, overLimit("its entries hold more than"))},
		Case{Area: "archive", Name: "entries that share one deflated stream, 200 MiB in all (within Lambda's limit)",
			Want:      "refused from its headers (entries that share compressed data, a zip bomb's construction): a code-asset-unreadable warning names the asset",
			TimeBound: quick, MemBound: small,
			Run: asset("asset.shared.zip", zipOf(testfiles.OverlappingZip(200, 1<<20)), 0, unreadable("entries share compressed data"))},
		Case{Area: "archive", Name: "a zip entry whose headers declare 1 TiB",
			Want:      "refused from its headers: a code-asset-over-limit error names the entry and the asset",
			TimeBound: quick, MemBound: small,
			Run: asset("asset.huge.zip", zipOf(testfiles.DeclaringZip("index.js", []byte("x"), 1<<40)), 1, overLimit("entry index.js holds 1099511627776 bytes"))},
		Case{Area: "archive", Name: "a 380 KB zip of three 100 MiB files of zeros",
			Want:      "refused from its headers (300 MiB unzipped, more than Lambda deploys): a code-asset-over-limit error (it was read as a valid package)",
			TimeBound: quick, MemBound: small,
			Run: asset("asset.zeros.zip", zipOf(testfiles.ZerosZip(3, 100<<20)), 1, overLimit("its entries hold more than"))},
		Case{Area: "archive", Name: "a zip of 200,001 empty entries",
			Want:      "refused from its headers (more than 200,000 entries): a code-asset-unreadable warning says so (the first 200,000 were read and the rest dropped silently)",
			TimeBound: 2 * quick, MemBound: onePass,
			Run: asset("asset.many.zip", func(t *testing.T, p string) { craftInChild(t, "zip of 200,001 entries", p) }, 0, unreadable("more than 200000 entries"))},
		Case{Area: "archive", Name: "a .zip asset that is a FIFO",
			Want:      "not waited on: a code-asset-unreadable warning says it is not a regular file (it hung)",
			TimeBound: quick, MemBound: small,
			Run: asset("asset.pipe.zip", func(t *testing.T, p string) { fifo(t, p) }, 0, unreadable("not a regular file (a FIFO)"))},
		Case{Area: "archive", Name: "a folder asset with a 4 GiB sparse file",
			Want:      "refused from its size, before a byte is read: a code-asset-over-limit error names the file (it deflated all 4 GiB)",
			TimeBound: quick, MemBound: small,
			Run: asset("asset.sparse", folder(func(t *testing.T, d string) { sparse(t, filepath.Join(d, "model.bin"), 4<<30) }),
				1, overLimit("file model.bin holds 4294967296 bytes"))},
		Case{Area: "archive", Name: "a folder asset of three 100 MiB sparse files",
			Want:      "refused from their sizes (300 MiB in all): a code-asset-over-limit error (it deflated 300 MiB and passed it)",
			TimeBound: quick, MemBound: small,
			Run: asset("asset.three", folder(func(t *testing.T, d string) {
				for _, n := range []string{"a.bin", "b.bin", "c.bin"} {
					sparse(t, filepath.Join(d, n), 100<<20)
				}
			}), 1, overLimit("its files hold more than"))},
		Case{Area: "archive", Name: "a FIFO inside a folder asset",
			Want:      "not read: an input-skipped warning names it; the rest of the asset is inspected",
			TimeBound: quick, MemBound: small,
			Run: asset("asset.fifo", folder(func(t *testing.T, d string) { fifo(t, filepath.Join(d, "events.fifo")) }), 0, skipped("events.fifo: a FIFO"))},
		Case{Area: "archive", Name: "a Unix socket inside a folder asset",
			Want:      "not read: an input-skipped warning names it",
			TimeBound: quick, MemBound: small,
			Run: asset("asset.sock", folder(func(t *testing.T, d string) { socket(t, filepath.Join(d, "app.sock")) }), 0, skipped("app.sock: a socket"))},
		Case{Area: "archive", Name: "a link to /dev/zero inside a folder asset",
			Want:      "not followed: an input-skipped warning names the link (links were dropped silently)",
			TimeBound: quick, MemBound: small,
			Run: asset("asset.dev", folder(func(t *testing.T, d string) { symlink(t, "/dev/zero", filepath.Join(d, "data.bin")) }), 0,
				skipped("data.bin: a symbolic link that leaves the folder"))},
		Case{Area: "archive", Name: "a link to /etc/passwd inside a folder asset",
			Want:      "not followed: an input-skipped warning names the link",
			TimeBound: quick, MemBound: small,
			Run: asset("asset.passwd", folder(func(t *testing.T, d string) { symlink(t, "/etc/passwd", filepath.Join(d, "config.js")) }), 0,
				skipped("config.js: a symbolic link that leaves the folder"))},
		Case{Area: "archive", Name: "a zip entry named with terminal escapes (ESC ]0; sets the window title)",
			Want:      `the text report shows the name escaped (\x1b, \a) where a finding names the file`,
			TimeBound: quick, MemBound: small,
			Run: func(t *testing.T, h *H) {
				f := fn("S/Fn/Resource", map[string]any{"Code": map[string]any{"S3Bucket": "b", "S3Key": "k.zip"}})
				f["Metadata"].(map[string]any)["aws:asset:path"] = "asset.names.zip"
				dir := oneStack(t, h, template(map[string]any{"Fn": f}))
				write(t, filepath.Join(dir, "asset.names.zip"), testfiles.Zip(
					[2]string{"index.mjs", "export const handler = async () => 1;\n"},
					[2]string{"\x1b]0;pwned\a.mjs.map", `{"version": 3}`}))
				r := h.CLI("audit", dir)
				if r.Code != 0 || bytes.ContainsRune([]byte(r.Stdout), 0x1b) || !bytes.Contains([]byte(r.Stdout), []byte(`\x1b]0;pwned\a.mjs.map`)) {
					t.Fatalf("exit %d; stdout:\n%q", r.Code, clip(r.Stdout))
				}
			}},
	)
}
