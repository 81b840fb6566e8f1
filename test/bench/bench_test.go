// Package bench measures what the optimized function's defaults buy and
// what the library costs: size, cold module-load time and emulator init of
// the reference Node.js handlers built every candidate way against a plain
// NodejsFunction with CDK defaults (BenchmarkNodeColdStart), the Go
// bootstrap's size against a plain `go build` (BenchmarkBundles), the Go bootstrap's local cold start under the Lambda
// runtime interface emulator (BenchmarkGoColdStart), and the synth time of
// the reference API stack against the same stack written directly with
// aws-cdk-go and with aws-cdk-lib in JavaScript (BenchmarkSynth). Run with
// `make bench`; the numbers go in docs/benchmarks.md. Nothing here runs in
// `go test ./...` (benchmarks only).
package bench

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/aws/jsii-runtime-go"

	"github.com/lambdaperf/lambdaperf/constructs/optimizedfn"
	"github.com/lambdaperf/lambdaperf/stacks"
)

// loadRuns is how many interleaved cold loads each variant gets.
const loadRuns = 41

func TestMain(m *testing.M) {
	code := m.Run()
	jsii.Close()
	os.Exit(code)
}

// BenchmarkBundles builds the Go handler plainly and with the optimized
// function's flags and reports both sizes; it fails when the bootstrap is
// no smaller than a plain build. The Node.js builds are compared in
// BenchmarkNodeColdStart.
func BenchmarkBundles(b *testing.B) {
	goBuilds := goBinaries(b)
	fmt.Printf("\n%-22s %12s %12s\n", "Go handler (arm64)", "zipped", "binary")
	for _, g := range goBuilds {
		fmt.Printf("%-22s %12s %12s\n", g.name, kb(g.zipped), kb(g.size))
		b.ReportMetric(float64(g.zipped), g.metric)
	}
	if goBuilds[1].zipped >= goBuilds[0].zipped {
		b.Errorf("lambdaperf bootstrap zips to %s, a plain go build to %s: the flags buy nothing", kb(goBuilds[1].zipped), kb(goBuilds[0].zipped))
	}
	for i := 0; i < b.N; i++ {
		// The measurements above are the benchmark; b.N loops are not meaningful here.
	}
}

type goBuild struct {
	name, metric string
	size, zipped int64
}

// goBinaries builds the reference Go handler twice for linux/arm64: plainly,
// and with the optimized function's flags.
func goBinaries(b *testing.B) []goBuild {
	mod := filepath.Join(stacks.FunctionsDir(), "go")
	var out []goBuild
	for _, v := range []struct {
		name, metric string
		flags        []string
	}{
		{"plain go build", "go-plain-zipped-B", nil},
		{"lambdaperf bootstrap", "go-ours-zipped-B", optimizedfn.GoBuildFlags},
	} {
		bin := filepath.Join(b.TempDir(), "bootstrap")
		args := append(append([]string{"build"}, v.flags...), "-o", bin, "./cmd/api")
		cmd := exec.Command("go", args...)
		cmd.Dir = mod
		cmd.Env = append(os.Environ(), "GOOS=linux", "GOARCH=arm64", "CGO_ENABLED=0")
		if o, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("%s: %v\n%s", v.name, err, o)
		}
		z, u := dirSizes(b, filepath.Dir(bin))
		out = append(out, goBuild{v.name, v.metric, u, z})
	}
	return out
}

// dirSizes returns the deflated zip size and the total file size of dir, as
// CDK would upload it.
func dirSizes(b *testing.B, dir string) (zipped, unzipped int64) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		w, err := zw.CreateHeader(&zip.FileHeader{Name: rel, Method: zip.Deflate})
		if err != nil {
			return err
		}
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		defer f.Close()
		n, err := io.Copy(w, f)
		unzipped += n
		return err
	})
	if err == nil {
		err = zw.Close()
	}
	if err != nil {
		b.Fatal(err)
	}
	return int64(buf.Len()), unzipped
}

func median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}

func kb(n int64) string {
	if n >= 1<<20 {
		return fmt.Sprintf("%.2f MB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%.0f KB", float64(n)/1024)
}
