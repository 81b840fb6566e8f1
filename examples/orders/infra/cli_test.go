package infra_test

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/lambdaperf/lambdaperf/cdktest"
	"github.com/lambdaperf/lambdaperf/snapshot"
)

// cli is `cdk synth` of this project, started by TestMain so that it runs
// beside the tests' own synthesis.
var cli struct {
	cmd    *exec.Cmd
	outdir string
	output bytes.Buffer
	err    error
	done   chan struct{}
}

// startCLI runs the CDK CLI of the project (node_modules/.bin/cdk from its
// package.json, found by cdktest.CDKCLI: no PATH change needed) on the
// project's cdk.json, without credentials: no account, no notices or
// telemetry over the network.
func startCLI() {
	cli.done = make(chan struct{})
	project, err := cdktest.ProjectDir(".")
	var cdk string
	if err == nil {
		cdk, err = cdktest.CDKCLI(project)
	}
	if err == nil {
		cli.outdir, err = os.MkdirTemp("", "orders-cli.out-")
	}
	if err != nil {
		cli.err = err
		close(cli.done)
		return
	}
	cli.cmd = exec.Command(cdk, "synth", "--quiet", "--no-notices", "--output", cli.outdir)
	cli.cmd.Dir = project
	cli.cmd.Env = append(os.Environ(), "AWS_EC2_METADATA_DISABLED=true", "CDK_DISABLE_CLI_TELEMETRY=true")
	cli.cmd.Stdout, cli.cmd.Stderr = &cli.output, &cli.output
	if cli.err = cli.cmd.Start(); cli.err != nil {
		close(cli.done)
		return
	}
	go func() { cli.err = cli.cmd.Wait(); close(cli.done) }()
}

// stopCLI waits for the CLI and removes its output.
func stopCLI() {
	<-cli.done
	if cli.outdir != "" {
		os.RemoveAll(cli.outdir)
	}
}

// TestTemplateEqualsCDKSynth: the template cdktest.Synth gives (and the
// golden made from it) is the template `cdk synth` writes, byte for byte
// once parsed: same context and feature flags, same metadata, same asset
// hashes, same CDKMetadata.
func TestTemplateEqualsCDKSynth(t *testing.T) {
	ours, _ := orders(t)
	<-cli.done
	if cli.err != nil {
		t.Fatalf("cdk synth failed (run npm ci in the project): %v\n%s", cli.err, cli.output.String())
	}
	// The CLI ran the built-in CloudFormation validator (strict, from
	// cdk.json) on the template the other tests read.
	var report struct {
		PluginReports []struct {
			PluginName string
			Violations []any
		}
	}
	if b, err := os.ReadFile(filepath.Join(cli.outdir, "validation-report.json")); err != nil || json.Unmarshal(b, &report) != nil {
		t.Errorf("no validation report from cdk synth: %v", err)
	}
	for _, r := range report.PluginReports {
		if len(r.Violations) > 0 {
			t.Errorf("%s: %d violations: %v", r.PluginName, len(r.Violations), r.Violations)
		}
	}
	b, err := os.ReadFile(filepath.Join(cli.outdir, "Orders.template.json"))
	if err != nil {
		t.Fatal(err)
	}
	var theirs map[string]any
	if err := json.Unmarshal(b, &theirs); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(ours, theirs) {
		t.Errorf("cdktest.Synth's template differs from cdk synth's (-cli +cdktest):\n%s",
			snapshot.Diff(string(snapshot.JSON(theirs)), string(snapshot.JSON(ours))))
	}
}

// TestCDKSynthIsQuiet: `cdk synth` prints the advisor's findings and no
// noise around them: no jsii stack-trace location above each annotation
// (main.go turns stack traces off), no "feature flags are not configured"
// line (cdk.json sets the recommended flags), no warning about cdk.json.
func TestCDKSynthIsQuiet(t *testing.T) {
	<-cli.done
	if cli.err != nil {
		t.Fatalf("cdk synth failed (run npm ci in the project): %v\n%s", cli.err, cli.output.String())
	}
	out := cli.output.String()
	for _, noise := range []string{"program.js", "feature flags are not configured", "reserved context key"} {
		if strings.Contains(out, noise) {
			t.Errorf("cdk synth printed %q:\n%s", noise, out)
		}
	}
	if !strings.Contains(out, "[lambdaperf:cost-per-million]") {
		t.Errorf("cdk synth printed no advisor finding, so the check proves nothing:\n%s", out)
	}
}
