package bench

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/lambdaperf/lambdaperf/stacks"
)

// synthRuns is how many timed syntheses each variant gets, interleaved,
// after one untimed round that warms the caches (jsii's package cache, the
// Go build cache) and checks the templates.
const synthRuns = 11

// synthStack is the stack every variant builds.
const synthStack = "LambdaPerfApi"

// synthPhases are the "phase" lines every app prints, in order: process
// started (Go) or aws-cdk-lib imported (JavaScript), App created (for Go:
// jsii kernel up and aws-cdk-lib loaded), construct tree built (bundling
// included: CDK bundles assets as they are constructed), cloud assembly
// written. (b) and (c) add "table" and "nodejs" around the NodejsFunction.
var synthPhases = []string{"main", "app", "stack", "synth"}

type synthVariant struct {
	name, metric string
	argv         []string
}

// synthRun is one synthesis in a fresh process.
type synthRun struct {
	at   map[string]time.Duration // phase -> time since the process started
	exit time.Duration            // process start to exit
	cpu  time.Duration            // user + system CPU of the process and its children (node, esbuild, go)
	// requests counts the requests to the jsii kernel by kind ("create",
	// "invoke", ...), when run with JSII_DEBUG.
	requests map[string]int
	raw      []byte // the stack's template
	tpl      map[string]any
}

// BenchmarkSynth times the synthesis of the reference API stack three
// ways, each in a fresh process from process start to the cloud assembly
// written: (a) lambdaperf, stacks.NewAPIStack in a Go main; (b) the same
// resources written directly with aws-cdk-go's L2 constructs
// (internal/synthapp/direct); (c) the same with aws-cdk-lib in JavaScript
// on node (js/api.mjs). All three get the context and output folder the
// CDK CLI passes (cdk.json's context, CDK_OUTDIR), bundle the Node.js
// handler with the local esbuild and build the Go handler with the same
// `go build`. (b)/(c) is what the jsii bridge costs, (a)/(b) what
// lambdaperf's constructs cost on top. Besides the medians it prints each
// app's phases, CPU time, (a) - (b) paired by round, the share of npx in
// (c) and the jsii kernel requests of (a) and (b), to tell where a
// difference comes from. The three templates must hold the same resource
// types and counts; what else differs is printed.
func BenchmarkSynth(b *testing.B) {
	repo := stacks.RepoDir()
	bin := b.TempDir()
	for _, app := range []string{"lambdaperf", "direct"} {
		cmd := exec.Command("go", "build", "-o", filepath.Join(bin, app), "./test/bench/internal/synthapp/"+app)
		cmd.Dir = repo
		if out, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("go build %s: %v\n%s", app, err, out)
		}
	}
	context := cliContext(b, repo)
	variants := []synthVariant{
		{"(a) lambdaperf, Go", "lambdaperf", []string{filepath.Join(bin, "lambdaperf")}},
		{"(b) aws-cdk-go, Go", "cdkgo", []string{filepath.Join(bin, "direct"), repo}},
		{"(c) aws-cdk-lib, JS", "cdkjs", []string{"node", filepath.Join(repo, "test", "bench", "js", "api.mjs"), repo}},
	}

	runs := make([][]synthRun, len(variants))
	requests := make([]map[string]int, len(variants))
	for round := 0; round <= synthRuns; round++ {
		// Interleaved, starting with a different variant each round, so
		// drift and whatever one run leaves behind hit every variant alike.
		for k := range variants {
			i := (k + round) % len(variants)
			// The untimed round counts the Go apps' requests to the jsii
			// kernel, from its debug log: the bridge traffic itself.
			debug := round == 0 && i < 2
			r := runSynth(b, variants[i], context, b.TempDir(), debug)
			if debug {
				requests[i] = r.requests
			}
			if round > 0 {
				runs[i] = append(runs[i], r)
			}
		}
	}
	// Every run must build the same resources as (a)'s first.
	want := resourceCounts(runs[0][0].tpl)
	for i, v := range variants {
		for n, r := range runs[i] {
			if got := resourceCounts(r.tpl); !maps.Equal(got, want) {
				b.Fatalf("%s run %d: resource types and counts differ from %s:\n got %v\nwant %v", v.name, n+1, variants[0].name, got, want)
			}
		}
	}

	total := func(i int) time.Duration { return phaseMedian(runs[i], "", "synth") }
	fmt.Printf("\nSynthesis of %s, a fresh process each, median of %d interleaved runs, ms from process start\n", synthStack, synthRuns)
	fmt.Printf("%-21s %10s %10s %14s %10s %10s %12s %7s %7s\n", "", "start>App", "App>tree", "NodejsFunction", "tree>done", "assembly", "(range)", "exit", "CPU")
	for i, v := range variants {
		rs := runs[i]
		lo, hi := spread(rs)
		fmt.Printf("%-21s %10s %10s %14s %10s %10s %12s %7s %7s\n", v.name,
			msString(phaseMedian(rs, "", "app")),
			msString(phaseMedian(rs, "app", "stack")), msString(phaseMedian(rs, "table", "nodejs")),
			msString(phaseMedian(rs, "stack", "synth")), msString(total(i)),
			msString(lo)+"-"+msString(hi), msString(phaseMedian(rs, "", "exit")), msString(phaseMedian(rs, "", "cpu")))
		b.ReportMetric(msFloat(total(i)), "ms-synth-"+v.metric)
	}
	for i, v := range variants {
		fmt.Printf("%-21s", v.name[:3]+" each run")
		for _, r := range runs[i] {
			fmt.Printf(" %s", msString(r.at["synth"]))
		}
		fmt.Println()
	}
	npx := npxCost(b, repo)
	a, g, j := total(0), total(1), total(2)
	// Pair (a) and (b) by round, run within seconds of each other: the
	// median of their differences is less sensitive to drift than the
	// difference of the medians.
	paired, pairedCPU := make([]time.Duration, synthRuns), make([]time.Duration, synthRuns)
	for k := range paired {
		paired[k] = runs[0][k].at["synth"] - runs[1][k].at["synth"]
		pairedCPU[k] = runs[0][k].cpu - runs[1][k].cpu
	}
	bridge, ours := float64(g)/float64(j), float64(a)/float64(g)
	fmt.Printf("\n(b)/(c) jsii bridge: %.2fx; %.2fx without the %s ms that npx adds: NodejsFunction runs esbuild through\n"+
		"        `npx --no-install` when aws-cdk-lib can require it (JavaScript), from PATH under jsii\n",
		bridge, float64(g)/float64(j-npx), msString(npx))
	fmt.Printf("(a)/(b) lambdaperf on top: %.2fx; (a) - (b) per round: %+d ms median (CPU %+d ms)\n",
		ours, median(paired).Milliseconds(), median(pairedCPU).Milliseconds())
	b.ReportMetric(bridge, "x-bridge")
	b.ReportMetric(ours, "x-lambdaperf")
	b.ReportMetric(msFloat(median(paired)), "ms-lambdaperf-paired")
	b.ReportMetric(msFloat(npx), "ms-npx")

	fmt.Printf("\njsii kernel requests (load = an assembly loaded):\n")
	for i, v := range variants[:2] {
		n := 0
		for _, c := range requests[i] {
			n += c
		}
		fmt.Printf("    %s: %d: %s\n", v.name, n, countsString(requests[i]))
		b.ReportMetric(float64(n), "jsii-requests-"+v.metric)
	}

	fmt.Printf("\nTemplates (%d resources: %s)\n", len(runs[0][0].tpl["Resources"].(map[string]any)), countsString(want))
	for i := 1; i < len(variants); i++ {
		diffs := jsonDiff(runs[0][0].tpl, runs[i][0].tpl, "")
		switch {
		case bytes.Equal(runs[0][0].raw, runs[i][0].raw):
			fmt.Printf("%s vs (a): byte-identical\n", variants[i].name)
		case len(diffs) == 0:
			fmt.Printf("%s vs (a): the same JSON, in another key order\n", variants[i].name)
		default:
			fmt.Printf("%s vs (a): %d differences:\n", variants[i].name, len(diffs))
			for _, d := range diffs {
				fmt.Printf("    %s\n", d)
			}
		}
	}
	for n := 0; n < b.N; n++ {
		// The measurements above are the benchmark; b.N loops are not meaningful here.
	}
}

// cliContext is the context `cdk synth` passes an app in CDK_CONTEXT_JSON
// (CLI 2.1148): cdk.json's, plus the CLI's own keys.
func cliContext(b *testing.B, repo string) string {
	raw, err := os.ReadFile(filepath.Join(repo, "cdk.json"))
	if err != nil {
		b.Fatal(err)
	}
	var cdk struct {
		Context map[string]any `json:"context"`
	}
	if err := json.Unmarshal(raw, &cdk); err != nil {
		b.Fatalf("cdk.json: %v", err)
	}
	ctx := cdk.Context
	ctx["aws:cdk:enable-path-metadata"] = true
	ctx["aws:cdk:enable-asset-metadata"] = true
	ctx["aws:cdk:version-reporting"] = true
	ctx["aws:cdk:bundling-stacks"] = []string{"**"}
	ctx["@aws-cdk/core:failSynthOnValidationErrors"] = false
	out, err := json.Marshal(ctx)
	if err != nil {
		b.Fatal(err)
	}
	return string(out)
}

// runSynth runs one variant into outdir and reads its phases and template;
// with debug, under JSII_DEBUG, also its jsii kernel requests.
func runSynth(b *testing.B, v synthVariant, context, outdir string, debug bool) synthRun {
	cmd := exec.Command(v.argv[0], v.argv[1:]...)
	cmd.Env = append(toolEnv(), "CDK_OUTDIR="+outdir, "CDK_CONTEXT_JSON="+context)
	if debug {
		cmd.Env = append(cmd.Env, "JSII_DEBUG=1")
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		b.Fatal(err)
	}
	r := synthRun{at: map[string]time.Duration{}}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		b.Fatalf("%s: %v", v.name, err)
	}
	sc := bufio.NewScanner(stdout)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) != 3 || f[0] != "phase" {
			continue
		}
		ns, err := strconv.ParseInt(f[2], 10, 64)
		if err != nil {
			b.Fatalf("%s: bad phase line %q", v.name, sc.Text())
		}
		r.at[f[1]] = time.Unix(0, ns).Sub(start)
	}
	err = cmd.Wait()
	r.exit = time.Since(start)
	if err != nil {
		b.Fatalf("%s: %v\n%s", v.name, err, stderr.Bytes())
	}
	r.cpu = cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	if debug {
		r.requests = kernelRequests(stderr.String())
	}
	for _, p := range synthPhases {
		if _, ok := r.at[p]; !ok {
			b.Fatalf("%s printed no %q phase\n%s", v.name, p, stderr.Bytes())
		}
	}
	if _, err := os.Stat(filepath.Join(outdir, "manifest.json")); err != nil {
		b.Fatalf("%s wrote no cloud assembly: %v", v.name, err)
	}
	if r.raw, err = os.ReadFile(filepath.Join(outdir, synthStack+".template.json")); err != nil {
		b.Fatalf("%s: %v", v.name, err)
	}
	if err := json.Unmarshal(r.raw, &r.tpl); err != nil {
		b.Fatalf("%s: template: %v", v.name, err)
	}
	return r
}

// kernelRequests counts the requests in a JSII_DEBUG log by kind: the
// runtime logs each as `> {"api":"<kind>",...}`.
func kernelRequests(log string) map[string]int {
	counts := map[string]int{}
	for line := range strings.Lines(log) {
		rest, ok := strings.CutPrefix(line, `> {"api":"`)
		if !ok {
			continue
		}
		if kind, _, ok := strings.Cut(rest, `"`); ok {
			counts[kind]++
		}
	}
	return counts
}

// toolEnv is this process's environment with the project's
// node_modules/.bin first on PATH, as the Makefile sets it: without esbuild
// there, NodejsFunction under jsii reaches for Docker.
func toolEnv() []string {
	bin := filepath.Join(stacks.RepoDir(), "node_modules", ".bin")
	return append(os.Environ(), "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"))
}

// resourceCounts counts a template's resources by type.
func resourceCounts(tpl map[string]any) map[string]int {
	counts := map[string]int{}
	resources, _ := tpl["Resources"].(map[string]any)
	for _, r := range resources {
		typ, _ := r.(map[string]any)["Type"].(string)
		counts[typ]++
	}
	return counts
}

func countsString(counts map[string]int) string {
	var parts []string
	for _, typ := range slices.Sorted(maps.Keys(counts)) {
		parts = append(parts, fmt.Sprintf("%d %s", counts[typ], strings.TrimPrefix(typ, "AWS::")))
	}
	return strings.Join(parts, ", ")
}

// jsonDiff lists where two decoded JSON values differ, by path.
func jsonDiff(a, b any, path string) []string {
	switch x := a.(type) {
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok {
			return []string{path + ": " + short(a) + " vs " + short(b)}
		}
		var out []string
		for _, k := range slices.Sorted(maps.Keys(x)) {
			if v, ok := y[k]; ok {
				out = append(out, jsonDiff(x[k], v, path+"/"+k)...)
			} else {
				out = append(out, path+"/"+k+": only in (a)")
			}
		}
		for _, k := range slices.Sorted(maps.Keys(y)) {
			if _, ok := x[k]; !ok {
				out = append(out, path+"/"+k+": missing in (a)")
			}
		}
		return out
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) {
			return []string{path + ": " + short(a) + " vs " + short(b)}
		}
		var out []string
		for i := range x {
			out = append(out, jsonDiff(x[i], y[i], fmt.Sprintf("%s/%d", path, i))...)
		}
		return out
	default:
		if fmt.Sprint(a) == fmt.Sprint(b) {
			return nil
		}
		if x, ok := a.(string); ok && strings.HasSuffix(path, "/Analytics") {
			if y, ok := b.(string); ok {
				x, y = analytics(x), analytics(y)
				for len(x) > 0 && len(y) > 0 && x[0] == y[0] {
					x, y = x[1:], y[1:]
				}
				for len(x) > 0 && len(y) > 0 && x[len(x)-1] == y[len(y)-1] {
					x, y = x[:len(x)-1], y[:len(y)-1]
				}
				return []string{fmt.Sprintf("%s (decoded, the part that differs): %q vs %q", path, x, y)}
			}
		}
		return []string{path + ": " + short(a) + " vs " + short(b)}
	}
}

// analytics decodes CDKMetadata's Analytics string (version reporting: the
// construct classes used and the language runtime), or returns it as is.
func analytics(s string) string {
	raw, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(s, "v2:deflate64:"))
	if err != nil {
		return s
	}
	zr, err := gzip.NewReader(bytes.NewReader(raw))
	if err != nil {
		return s
	}
	text, err := io.ReadAll(zr)
	if err != nil {
		return s
	}
	return string(text)
}

func short(v any) string {
	s, _ := json.Marshal(v)
	if len(s) > 80 {
		return string(s[:77]) + "..."
	}
	return string(s)
}

// phaseMedian is the median time from phase from (process start when "")
// to phase to ("exit" for the process's exit, "cpu" for its CPU time); -1
// when the runs lack one.
func phaseMedian(runs []synthRun, from, to string) time.Duration {
	ds := make([]time.Duration, len(runs))
	for i, r := range runs {
		at := func(p string) (time.Duration, bool) {
			switch p {
			case "":
				return 0, true
			case "exit":
				return r.exit, true
			case "cpu":
				return r.cpu, true
			}
			d, ok := r.at[p]
			return d, ok
		}
		t0, ok0 := at(from)
		t1, ok1 := at(to)
		if !ok0 || !ok1 {
			return -1
		}
		ds[i] = t1 - t0
	}
	return median(ds)
}

// npxCost is what running esbuild through `npx --no-install`, as
// NodejsFunction does when aws-cdk-lib can require esbuild (a JavaScript
// app with esbuild in its node_modules), adds over running the binary from
// PATH, as it does under jsii (aws-cdk-lib in jsii's package cache):
// median of 5 interleaved `esbuild --version` runs.
func npxCost(b *testing.B, repo string) time.Duration {
	var viaNpx, direct []time.Duration
	for range 5 {
		for _, argv := range [][]string{{"npx", "--no-install", "esbuild", "--version"}, {"esbuild", "--version"}} {
			cmd := exec.Command(argv[0], argv[1:]...)
			cmd.Dir = repo
			cmd.Env = toolEnv()
			start := time.Now()
			if out, err := cmd.CombinedOutput(); err != nil {
				b.Fatalf("%s: %v\n%s", strings.Join(argv, " "), err, out)
			}
			if argv[0] == "npx" {
				viaNpx = append(viaNpx, time.Since(start))
			} else {
				direct = append(direct, time.Since(start))
			}
		}
	}
	return median(viaNpx) - median(direct)
}

// spread is the fastest and slowest time to the assembly written.
func spread(runs []synthRun) (lo, hi time.Duration) {
	ds := make([]time.Duration, len(runs))
	for i, r := range runs {
		ds[i] = r.at["synth"]
	}
	return minMax(ds)
}

func msFloat(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// msString renders whole milliseconds, "-" for a missing (negative) value.
func msString(d time.Duration) string {
	if d < 0 {
		return "-"
	}
	return strconv.FormatInt(d.Milliseconds(), 10)
}
