package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambdanodejs"
	"github.com/aws/jsii-runtime-go"

	"github.com/lambdaperf/lambdaperf/cdktest"
	"github.com/lambdaperf/lambdaperf/constructs/optimizedfn"
	"github.com/lambdaperf/lambdaperf/localinvoke"
	"github.com/lambdaperf/lambdaperf/stacks"
)

// The bounds the default Node.js build promises (issue 17): its cold load
// at most this fraction of CDK's default NodejsFunction build (median of
// paired runs), and a deployment package under maxZipped.
const (
	maxLoadRatio = 0.80
	maxZipped    = 1 << 20
	// nodeColdStarts is how many fresh emulators each Node.js build gets
	// under the Lambda runtime interface emulator, interleaved.
	nodeColdStarts = 9
)

// runtimeLoader loads a handler file the way the Lambda Node.js runtime
// does: the runtime is an ES module that imports a .mjs handler and
// requires a .js one, so ESM's loader is up before either.
const runtimeLoader = `import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
const file = process.argv[2];
if (file) {
  const mod = file.endsWith(".mjs") ? await import(pathToFileURL(file).href) : createRequire(import.meta.url)(file);
  if (typeof mod.handler !== "function") throw new Error(file + " exports no handler");
}
`

// nodeCandidate is one Node.js build of a reference handler.
type nodeCandidate struct {
	name  string
	props *optimizedfn.Props // nil: CDK's default NodejsFunction
}

// nodeCandidates are the builds compared, CDK's default first (the ratios
// are against it) and lambdaperf's build before SplitESM second.
func nodeCandidates() []nodeCandidate {
	return []nodeCandidate{
		{name: "CDK default NodejsFunction"},
		{name: "SDK external, CJS (before)", props: &optimizedfn.Props{Format: optimizedfn.CommonJS, SDK: optimizedfn.SDKFromRuntime}},
		{name: "SDK bundled, CJS", props: &optimizedfn.Props{Format: optimizedfn.CommonJS}},
		{name: "SDK bundled, ESM", props: &optimizedfn.Props{Format: optimizedfn.ESM}},
		{name: "SDK bundled, ESM split", props: &optimizedfn.Props{Format: optimizedfn.SplitESM}},
	}
}

// defaultCandidate is the index of the candidate optimizedfn builds by
// default, found by resolving empty Props.
func defaultCandidate(b *testing.B, entry string, cands []nodeCandidate) int {
	def, err := optimizedfn.Resolve("Bench/Default", &optimizedfn.Props{Entry: entry})
	if err != nil {
		b.Fatal(err)
	}
	for c, cand := range cands {
		if cand.props == nil {
			continue
		}
		p, err := optimizedfn.Resolve("Bench/Candidate", &optimizedfn.Props{Entry: entry, Format: cand.props.Format, SDK: cand.props.SDK})
		if err != nil {
			b.Fatal(err)
		}
		if p.Format == def.Format && p.SDK == def.SDK {
			return c
		}
	}
	b.Fatalf("no candidate is optimizedfn's default build (%s, SDK %s)", def.Format, def.SDK)
	return -1
}

// BenchmarkNodeColdStart builds the reference Node.js handlers
// (functions/node/api and functions/node/cached) as CDK's default
// NodejsFunction and as every optimizedfn candidate, then measures each
// side by side in one run: sizes zipped and unzipped, the time from
// process start to handler loaded (loadRuns interleaved rounds, with the
// SDK on NODE_PATH as the Lambda runtime lays it out, medians and paired
// ratios), and the init duration under the Lambda runtime interface
// emulator. It fails when the default build loads slower than maxLoadRatio
// of CDK's default or zips to maxZipped or more.
func BenchmarkNodeColdStart(b *testing.B) {
	handlers := []string{"api", "cached"}
	cands := nodeCandidates()
	dirs := buildNodeCandidates(b, handlers, cands)

	timeLoad := loadTimer(b)

	// load[h][c][run] and cpu[h][c][run]; base[run] is the loader alone.
	load := make([][][]time.Duration, len(handlers))
	cpu := make([][][]time.Duration, len(handlers))
	for h := range handlers {
		load[h] = make([][]time.Duration, len(cands))
		cpu[h] = make([][]time.Duration, len(cands))
	}
	var base []time.Duration
	for run := 0; run < loadRuns; run++ {
		wall, _ := timeLoad("")
		base = append(base, wall)
		for h := range handlers { // interleaved: drift hits every build alike
			for c := range cands {
				wall, used := timeLoad(filepath.Join(dirs[h][c], entryFile(dirs[h][c])))
				load[h][c] = append(load[h][c], wall)
				cpu[h][c] = append(cpu[h][c], used)
			}
		}
	}

	inits := emulatorInits(b, handlers, cands, dirs)

	def := defaultCandidate(b, filepath.Join(stacks.FunctionsDir(), "node", "api", "index.ts"), cands)
	fmt.Printf("\nNode.js cold load: process start to handler loaded (node %s, %d paired rounds, the SDK on NODE_PATH), init under the emulator (%d cold starts)\n",
		nodeVersion(), loadRuns, nodeColdStarts)
	fmt.Printf("node + runtime loader alone: %.1f ms\n", msFloat(median(base)))
	for h, handler := range handlers {
		fmt.Printf("\n%-28s %9s %10s %11s %9s %9s %11s %9s %11s\n", "functions/node/"+handler, "zipped", "unzipped", "load p50", "vs CDK", "vs before", "CPU p50", "vs CDK", "RIE init")
		for c, cand := range cands {
			z, u := dirSizes(b, dirs[h][c])
			vsCDK := pairedRatio(load[h][c], load[h][0])
			vsBefore := pairedRatio(load[h][c], load[h][1])
			name := cand.name
			if c == def {
				name += " *"
			}
			fmt.Printf("%-28s %9s %10s %8.1f ms %8.2fx %8.2fx %8.1f ms %8.2fx %8.1f ms\n", name, kb(z), kb(u),
				msFloat(median(load[h][c])), vsCDK, vsBefore, msFloat(median(cpu[h][c])), pairedRatio(cpu[h][c], cpu[h][0]), msFloat(median(inits[h][c])))
			if c == def {
				b.ReportMetric(vsCDK, handler+"-load-vs-cdk")
				b.ReportMetric(float64(z), handler+"-zipped-B")
				if vsCDK > maxLoadRatio {
					b.Errorf("functions/node/%s: the default build loads in %.2fx the time of CDK's default NodejsFunction build (median of %d paired runs), want at most %.2fx", handler, vsCDK, loadRuns, maxLoadRatio)
				}
				if z >= maxZipped {
					b.Errorf("functions/node/%s: the default build zips to %s, want under %s", handler, kb(z), kb(maxZipped))
				}
			}
		}
	}
	fmt.Println("\n* optimizedfn's default")
	for n := 0; n < b.N; n++ {
		// The measurements above are the benchmark; b.N loops are not meaningful here.
	}
}

// buildNodeCandidates synthesizes every candidate of every handler in one
// app and returns their asset folders, dirs[handler][candidate].
func buildNodeCandidates(b *testing.B, handlers []string, cands []nodeCandidate) [][]string {
	outdir := b.TempDir()
	app := awscdk.NewApp(&awscdk.AppProps{
		Outdir:                          jsii.String(outdir),
		BuiltinCloudFormationValidation: jsii.Bool(false),
		Context:                         &map[string]any{"aws:cdk:enable-asset-metadata": true},
	})
	stack := awscdk.NewStack(app, jsii.String("NodeBench"), nil)
	ids := map[string][2]int{}
	for h, handler := range handlers {
		entry := filepath.Join(stacks.FunctionsDir(), "node", handler, "index.ts")
		for c, cand := range cands {
			id := fmt.Sprintf("H%dC%d", h, c)
			ids[id] = [2]int{h, c}
			if cand.props == nil {
				awslambdanodejs.NewNodejsFunction(stack, jsii.String(id), &awslambdanodejs.NodejsFunctionProps{
					Entry:            jsii.String(entry),
					Runtime:          awslambda.Runtime_NODEJS_24_X(),
					DepsLockFilePath: jsii.String(filepath.Join(stacks.RepoDir(), "package-lock.json")),
				})
				continue
			}
			props := *cand.props
			props.Entry = entry
			optimizedfn.New(stack, jsii.String(id), &props)
		}
	}
	tpl := cdktest.Template(b, stack)
	app.Synth(nil)
	dirs := make([][]string, len(handlers))
	for h := range dirs {
		dirs[h] = make([]string, len(cands))
	}
	for id, r := range cdktest.Resources(tpl, "AWS::Lambda::Function") {
		for prefix, hc := range ids {
			if strings.HasPrefix(id, prefix) {
				dirs[hc[0]][hc[1]] = filepath.Join(outdir, r["Metadata"].(map[string]any)["aws:asset:path"].(string))
			}
		}
	}
	for h := range dirs {
		for c, d := range dirs[h] {
			if d == "" {
				b.Fatalf("no asset for %s of %s", cands[c].name, handlers[h])
			}
		}
	}
	return dirs
}

// emulatorInits starts each build nodeColdStarts times under the Lambda
// runtime interface emulator (localinvoke, as the function would be
// configured: nodejs24.x, 512 MiB) with one GET /nope each, which both
// handlers answer without DynamoDB, and returns the init durations,
// inits[handler][candidate]. The cached handler signs its answer with a key
// from a fake Parameters and Secrets extension on loopback.
func emulatorInits(b *testing.B, handlers []string, cands []nodeCandidate, dirs [][]string) [][][]time.Duration {
	inits := make([][][]time.Duration, len(handlers))
	for h := range inits {
		inits[h] = make([][]time.Duration, len(cands))
	}
	if runtime.GOOS != "linux" {
		fmt.Println("(no emulator runs: the Lambda runtime interface emulator runs on Linux only)")
		return inits
	}
	ctx := context.Background()
	emulator, err := localinvoke.Emulator(ctx)
	if err != nil {
		b.Fatal(err)
	}
	ext := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("content-type", "application/json")
		fmt.Fprint(w, `{"Name":"bench/signing-key","SecretString":"k3y"}`)
	}))
	defer ext.Close()
	u, _ := url.Parse(ext.URL)
	arch := "x86_64"
	if runtime.GOARCH == "arm64" {
		arch = "arm64"
	}
	opts := localinvoke.Options{Emulator: emulator, NodeModules: filepath.Join(stacks.RepoDir(), "node_modules")}
	for run := 0; run < nodeColdStarts; run++ {
		for h, handler := range handlers {
			for c, cand := range cands {
				fn := &localinvoke.Function{
					Stack: "NodeBench", LogicalID: handler, Runtime: "nodejs24.x", Arch: arch,
					Handler: "index.handler", MemoryMiB: 512, TimeoutSec: 10, AssetPath: dirs[h][c],
					Env: map[string]string{"TABLE_NAME": "items", "PARAMETERS_SECRETS_EXTENSION_HTTP_PORT": u.Port(), "SIGNING_KEY_SECRET_NAME": "bench/signing-key"},
				}
				in, err := localinvoke.Start(ctx, fn, opts)
				if err != nil {
					b.Fatalf("%s %s: %v", handler, cand.name, err)
				}
				r, err := in.Invoke(ctx, []byte(notFound))
				in.Close()
				if err != nil {
					b.Fatalf("%s %s: %v", handler, cand.name, err)
				}
				var resp struct {
					StatusCode int `json:"statusCode"`
				}
				if json.Unmarshal(r.Payload, &resp) != nil || resp.StatusCode != 404 || r.FunctionError != "" || !r.Report.Cold {
					b.Fatalf("%s %s: %s (error %q, %s)\nlogs:\n%s", handler, cand.name, r.Payload, r.FunctionError, r.Report, r.Logs)
				}
				inits[h][c] = append(inits[h][c], r.Report.InitDuration)
			}
		}
	}
	return inits
}

// loadTimer lays out the runtime (the runtime loader, and the SDK where
// /var/runtime/node_modules holds it: @aws-sdk and @smithy, here the
// repository's copy and nothing else of its node_modules) and returns a
// function that times one `node loader FILE` from process start to exit
// after the handler loaded, in wall time and in CPU time (user + system,
// which other jobs on the machine disturb less); FILE "" times the loader
// alone.
func loadTimer(b *testing.B) func(file string) (wall, cpu time.Duration) {
	work := b.TempDir()
	sdk := filepath.Join(work, "runtime", "node_modules")
	if err := os.MkdirAll(sdk, 0o755); err != nil {
		b.Fatal(err)
	}
	for _, scope := range []string{"@aws-sdk", "@smithy"} {
		if err := os.Symlink(filepath.Join(stacks.RepoDir(), "node_modules", scope), filepath.Join(sdk, scope)); err != nil {
			b.Fatal(err)
		}
	}
	loader := filepath.Join(work, "runtime", "loader.mjs")
	if err := os.WriteFile(loader, []byte(runtimeLoader), 0o644); err != nil {
		b.Fatal(err)
	}
	return func(file string) (time.Duration, time.Duration) {
		args := []string{loader}
		if file != "" {
			args = append(args, file)
		}
		cmd := exec.Command("node", args...)
		cmd.Env = append(os.Environ(), "NODE_PATH="+sdk, "TABLE_NAME=bench", "AWS_REGION=us-east-1",
			"AWS_ACCESS_KEY_ID=AKIDBENCH", "AWS_SECRET_ACCESS_KEY=bench")
		start := time.Now()
		if out, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("node %s: %v\n%s", file, err, out)
		}
		return time.Since(start), cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	}
}

// entryFile is the handler file of a bundle folder: index.mjs or index.js.
func entryFile(dir string) string {
	if _, err := os.Stat(filepath.Join(dir, "index.mjs")); err == nil {
		return "index.mjs"
	}
	return "index.js"
}

// pairedRatio is the median over rounds of a[i]/ref[i]: each round's
// builds ran back to back, so machine drift cancels.
func pairedRatio(a, ref []time.Duration) float64 {
	r := make([]time.Duration, len(a))
	for i := range a {
		// Scaled to keep median's Duration type: 1e6 = 1.0x.
		r[i] = time.Duration(float64(a[i]) / float64(ref[i]) * 1e6)
	}
	return float64(median(r)) / 1e6
}

func nodeVersion() string {
	out, err := exec.Command("node", "--version").Output()
	if err != nil {
		return "?"
	}
	return strings.TrimSpace(string(out))
}
