// Package test synthesizes every reference stack once, exactly as app.go
// does, with the built-in CloudFormation validator on and strict, and
// checks the templates: golden snapshots, cdk-nag, the bundles themselves.
package test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"

	"github.com/lambdaperf/lambdaperf/cdktest"
	"github.com/lambdaperf/lambdaperf/stacks"
)

func TestMain(m *testing.M) {
	code := m.Run()
	jsii.Close()
	os.Exit(code)
}

// Assembly is the synthesized reference app, shared by every test in this
// binary: one synthesis, read as plain JSON.
type Assembly struct {
	Dir       string                    // cdk.out folder
	Stacks    map[string]awscdk.Stack   // by stack name
	Templates map[string]map[string]any // by stack name
	Messages  []cdktest.Message         // annotations from synthesis
}

var (
	once     sync.Once
	assembly *Assembly
	synthErr string
)

// app is an App as `cdk synth` runs app.go: cdk.json's context (the
// validator's rules as errors, feature flags) and the CLI's path and asset
// metadata, writing to dir.
func app(t *testing.T, dir string) awscdk.App {
	t.Helper()
	ctx, err := cdktest.CLIContext(stacks.RepoDir())
	if err != nil {
		t.Fatal(err)
	}
	if ctx["@aws-cdk/core:validateAgainstDefaultRules"] != true {
		t.Fatal("cdk.json must keep @aws-cdk/core:validateAgainstDefaultRules: true")
	}
	return cdktest.App(t, &cdktest.AppOptions{Dir: stacks.RepoDir(), Outdir: dir})
}

// synth returns the reference assembly, synthesizing it on first use. A
// synthesis failure (validator, rule pack error, bad props) fails every
// caller with its message.
func synth(t *testing.T) *Assembly {
	t.Helper()
	once.Do(func() {
		synthErr = "the reference app could not be set up: see the first test that failed"
		dir, err := os.MkdirTemp("", "lambdaperf-cdk.out-")
		if err != nil {
			t.Fatal(err)
		}
		app := app(t, dir)
		synthErr = cdktest.Panics(func() {
			a := &Assembly{Dir: dir, Stacks: map[string]awscdk.Stack{}, Templates: map[string]map[string]any{}}
			for _, s := range stacks.All(app, nil) {
				a.Stacks[*s.StackName()] = s
			}
			cloud := app.Synth(nil)
			for _, s := range *cloud.Stacks() {
				b, err := os.ReadFile(filepath.Join(dir, *s.TemplateFile()))
				if err != nil {
					panic(err)
				}
				var tpl map[string]any
				if err := json.Unmarshal(b, &tpl); err != nil {
					panic(err)
				}
				a.Templates[*s.StackName()] = tpl
			}
			if a.Messages, err = cdktest.Messages(dir); err != nil {
				panic(err)
			}
			assembly = a
		})
	})
	if synthErr != "" {
		t.Fatalf("synthesis of the reference stacks failed:\n%s", synthErr)
	}
	return assembly
}

// template returns one stack's template, failing when it does not exist.
func template(t *testing.T, stack string) map[string]any {
	t.Helper()
	tpl, ok := synth(t).Templates[stack]
	if !ok {
		t.Fatalf("no stack %s in the reference app", stack)
	}
	return tpl
}

// assetPath is the folder of a resource's asset in cdk.out.
func assetPath(t *testing.T, resource map[string]any) string {
	t.Helper()
	meta, _ := resource["Metadata"].(map[string]any)
	p, _ := meta["aws:asset:path"].(string)
	if p == "" {
		t.Fatalf("resource has no aws:asset:path metadata")
	}
	return filepath.Join(synth(t).Dir, p)
}
