package stacks_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"

	"github.com/lambdaperf/lambdaperf/stacks"
)

// Every reference stack, pinned to an account and region (nil leaves them
// environment-agnostic), with cdk-nag's rule packs and the performance
// advisor applied: what app.go synthesizes for `cdk deploy`. Pinned, the
// stacks need no context lookup (no credentials at synthesis) and their
// layer ARNs are literals for the region.
func ExampleAll() {
	defer jsii.Close()
	outdir, err := os.MkdirTemp("", "lambdaperf-example-all-")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(outdir)
	app := awscdk.NewApp(&awscdk.AppProps{Outdir: jsii.String(outdir)})
	env := &awscdk.Environment{Account: jsii.String("123456789012"), Region: jsii.String("eu-west-1")}
	pinned := true
	for _, s := range stacks.All(app, env) {
		pinned = pinned && *s.Account() == "123456789012" && *s.Region() == "eu-west-1"
	}
	fmt.Println("every stack deploys to aws://123456789012/eu-west-1:", pinned)
	assembly := app.Synth(nil)
	manifest, err := os.ReadFile(filepath.Join(*assembly.Directory(), "manifest.json"))
	if err != nil {
		panic(err)
	}
	var m struct {
		Missing []any `json:"missing"`
	}
	if err := json.Unmarshal(manifest, &m); err != nil {
		panic(err)
	}
	fmt.Println("context lookups still missing:", len(m.Missing))
	// Output:
	// every stack deploys to aws://123456789012/eu-west-1: true
	// context lookups still missing: 0
}

// One reference stack alone, in an app of your own: the Node.js and Go
// API functions with provisioned concurrency on their live aliases, and
// the same checks All applies.
func ExampleNewAPIStack() {
	defer jsii.Close()
	app := awscdk.NewApp(nil)
	api := stacks.NewAPIStack(app, "MyApi", nil)
	stacks.Check(app)
	awscdk.NewCfnOutput(api.Stack, jsii.String("GoAlias"), &awscdk.CfnOutputProps{Value: api.Go.Alias().FunctionArn()})
	// Your main ends with app.Synth(nil), which runs the checks; the
	// resolved plans are known before.

	node, gofn := api.Node.Plan(), api.Go.Plan()
	fmt.Printf("Node: %s, %d MiB, provisioned %d..%d on alias %s\n", node.Runtime, node.MemoryMiB, node.Concurrency.Min, node.Concurrency.Max, node.AliasName)
	fmt.Printf("Go: %s, %d MiB, alias %s\n", gofn.Runtime, gofn.MemoryMiB, gofn.AliasName)
	// Output:
	// Node: nodejs24.x, 512 MiB, provisioned 1..10 on alias live
	// Go: provided.al2023, 256 MiB, alias live
}
