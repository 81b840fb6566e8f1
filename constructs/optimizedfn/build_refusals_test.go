package optimizedfn_test

import (
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2/awssecretsmanager"
	"github.com/aws/jsii-runtime-go"

	"github.com/lambdaperf/lambdaperf/cdktest"
	"github.com/lambdaperf/lambdaperf/constructs/optimizedfn"
)

func TestRefusesASecretDynamicReference(t *testing.T) {
	const want = "holds a Secrets Manager dynamic reference"
	_, err := optimizedfn.Resolve("S/Fn", &optimizedfn.Props{Entry: "testdata/node/handler.ts",
		Environment: map[string]string{"DB_PASSWORD": "{{resolve:secretsmanager:prod/db:SecretString:password::}}"}})
	if err == nil || !strings.Contains(err.Error(), `optimizedfn "S/Fn": Environment DB_PASSWORD `+want) || !strings.Contains(err.Error(), "extensions.UseSecret") {
		t.Errorf("a literal reference: %v", err)
	}

	_, stack := newStack(t)
	secret := awssecretsmanager.NewSecret(stack, jsii.String("Db"), nil)
	msg := cdktest.Panics(func() {
		optimizedfn.New(stack, jsii.String("Token"), &optimizedfn.Props{Entry: "testdata/node/handler.ts",
			Environment: map[string]string{"DB_PASSWORD": *secret.SecretValue().UnsafeUnwrap()}})
	})
	if !strings.Contains(msg, `optimizedfn "S/Token": Environment DB_PASSWORD resolves to a Secrets Manager dynamic reference`) {
		t.Errorf("SecretValue.unsafeUnwrap() in Props.Environment: %q", msg)
	}
	fn := optimizedfn.New(stack, jsii.String("Arn"), &optimizedfn.Props{Entry: "testdata/node/handler.ts",
		Environment: map[string]string{"DB_SECRET_ARN": *secret.SecretArn()}})
	msg = cdktest.Panics(func() {
		fn.AddEnvironment("DB_PASSWORD", *secret.SecretValueFromJson(jsii.String("password")).UnsafeUnwrap())
	})
	if !strings.Contains(msg, "AddEnvironment DB_PASSWORD resolves to a Secrets Manager dynamic reference") {
		t.Errorf("AddEnvironment of an unwrapped secret: %q", msg)
	}
}

func TestRefusesACallbackHandlerOnNodejs24(t *testing.T) {
	_, stack := newStack(t)
	msg := cdktest.Panics(func() {
		optimizedfn.New(stack, jsii.String("Legacy"), &optimizedfn.Props{Entry: "testdata/callback/handler.ts"})
	})
	if !strings.Contains(msg, `optimizedfn "S/Legacy": Entry`) || !strings.Contains(msg, "exports handler with 3 parameters (event, context, callback): nodejs24.x no longer runs callback-style handlers") {
		t.Errorf("callback handler on the default runtime: %q", msg)
	}
	// Node.js 22 still runs it; an async handler is fine everywhere.
	if msg := cdktest.Panics(func() {
		optimizedfn.New(stack, jsii.String("OnNode22"), &optimizedfn.Props{Entry: "testdata/callback/handler.ts", Runtime: optimizedfn.NodeJS22})
	}); msg != "" {
		t.Errorf("callback handler on nodejs22.x: %s", msg)
	}
	if msg := cdktest.Panics(func() {
		optimizedfn.New(stack, jsii.String("Async"), &optimizedfn.Props{Entry: "testdata/node/handler.ts"})
	}); msg != "" {
		t.Errorf("async handler: %s", msg)
	}
}

// TestRefusesAHandlerTheBundleDoesNotExport: the bundle is read (parsed,
// never loaded), and a Handler naming no export stops synthesis with the
// construct, the field, the value and the fix (issue 23: the load error
// was thrown away and every invocation failed).
func TestRefusesAHandlerTheBundleDoesNotExport(t *testing.T) {
	_, stack := newStack(t)
	msg := cdktest.Panics(func() {
		optimizedfn.New(stack, jsii.String("Typo"), &optimizedfn.Props{Entry: "testdata/node/handler.ts", Handler: "handlr"})
	})
	if !strings.Contains(msg, `optimizedfn "S/Typo": Handler "handlr" names no export of the bundle built from Entry `) || !strings.Contains(msg, "testdata/node/handler.ts (index.mjs does not export handlr (it exports handler))") || !strings.Contains(msg, "set Handler to the name the entry exports") {
		t.Errorf("a Handler the entry does not export: %q", msg)
	}
	if msg := cdktest.Panics(func() {
		optimizedfn.New(stack, jsii.String("Named"), &optimizedfn.Props{Entry: "testdata/node/handler.ts", Handler: "handler"})
	}); msg != "" {
		t.Errorf("the exported handler: %s", msg)
	}
}
