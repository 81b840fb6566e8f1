// Package cdktest helps test synthesized CDK templates from Go: it turns a
// stack into plain JSON once, so assertions are plain Go with no jsii round
// trips, reads synthesis annotations (cdk-nag findings, warnings), and turns
// a failed jsii assertion into a test failure instead of a crash of the test
// binary. Golden files and normalization live in package snapshot.
//
// App teams can use both for their own stacks:
//
//	tpl := cdktest.Synth(t, nil, func(app awscdk.App) awscdk.Stack {
//		return orders.NewStack(app, "Orders")
//	})
//	snapshot.Golden(t, "testdata/Orders.template.json", snapshot.Normalize(tpl))
//
// Synth builds the stack in an App with the settings `cdk synth` passes
// (App: cdk.json's context, path and asset metadata), so the golden is the
// template the CLI writes; a construct's panic or a synthesis error stops
// the test with its message, and no nil template reaches the golden.
package cdktest

import (
	"encoding/json"
	"fmt"
	"sort"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
)

// Template synthesizes stack and returns its CloudFormation template as plain
// Go values (map[string]any), so tests read it without further jsii calls.
// A synthesis error (a failed validation, a construct that panics at
// synth) stops the test with its message: Template never returns nil.
func Template(t testing.TB, stack awscdk.Stack) map[string]any {
	t.Helper()
	if stack == nil {
		t.Fatalf("cdktest.Template: the stack is nil")
	}
	var tpl map[string]any
	msg := Panics(func() {
		raw := assertions.Template_FromStack(stack, &assertions.TemplateParsingOptions{SkipCyclicalDependenciesCheck: nil}).ToJSON()
		b, err := json.Marshal(raw)
		if err != nil {
			panic(fmt.Sprintf("template of %s is not JSON: %v", *stack.StackName(), err))
		}
		if err := json.Unmarshal(b, &tpl); err != nil {
			panic(err)
		}
	})
	if msg != "" {
		t.Fatalf("synthesis failed:\n%s", msg)
	}
	if tpl == nil {
		t.Fatalf("synthesis of %s gave no template", *stack.StackName())
	}
	return tpl
}

// Synth builds a stack with build, in an App made by App(t, opts) (nil
// opts: the project's settings, as `cdk synth`), and returns its template.
// Constructs check their props in New and panic with a message naming the
// construct, the field and the fix: a panic while building becomes a test
// failure carrying that message, as a synthesis error does, instead of a
// crash of the whole test binary.
func Synth(t testing.TB, opts *AppOptions, build func(app awscdk.App) awscdk.Stack) map[string]any {
	t.Helper()
	app := App(t, opts)
	var stack awscdk.Stack
	if msg := Panics(func() { stack = build(app) }); msg != "" {
		t.Fatalf("building the stack failed:\n%s", msg)
	}
	if stack == nil {
		t.Fatalf("cdktest.Synth: build returned a nil stack")
	}
	return Template(t, stack)
}

// Check runs f and reports a panic from it (a failed jsii assertion or a
// synthesis error) as a test error with its message, instead of letting it
// kill every other test in the binary.
func Check(t testing.TB, f func()) {
	t.Helper()
	if msg := Panics(f); msg != "" {
		t.Errorf("%s", msg)
	}
}

// Panics runs f and returns the message of the panic it raised, or "" when
// it returned normally. Use it to assert that bad input stops synthesis.
func Panics(f func()) (msg string) {
	defer func() {
		if r := recover(); r != nil {
			msg = fmt.Sprint(r)
			if msg == "" {
				msg = "panic with an empty message"
			}
		}
	}()
	f()
	return ""
}

// Resources returns the template's resources of one CloudFormation type, by
// logical ID.
func Resources(tpl map[string]any, typ string) map[string]map[string]any {
	out := map[string]map[string]any{}
	res, _ := tpl["Resources"].(map[string]any)
	for id, r := range res {
		if m, ok := r.(map[string]any); ok && m["Type"] == typ {
			out[id] = m
		}
	}
	return out
}

// Props returns a resource's Properties.
func Props(resource map[string]any) map[string]any {
	p, _ := resource["Properties"].(map[string]any)
	return p
}

// Only returns the single resource of a type, failing the test when there
// is not exactly one.
func Only(t testing.TB, tpl map[string]any, typ string) (string, map[string]any) {
	t.Helper()
	rs := Resources(tpl, typ)
	if len(rs) != 1 {
		t.Fatalf("want exactly one %s, found %d: %v", typ, len(rs), sortedKeys(rs))
	}
	for id, r := range rs {
		return id, r
	}
	return "", nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
