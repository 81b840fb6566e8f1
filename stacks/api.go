package stacks

import (
	"path/filepath"
	"time"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsdynamodb"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/lambdaperf/lambdaperf/constructs/concurrency"
	"github.com/lambdaperf/lambdaperf/constructs/optimizedfn"
)

// APIStack is the reference API: a Node.js and a Go optimized function over
// one DynamoDB table, each reachable through an IAM-authenticated Function
// URL on its `live` alias. The Node.js function keeps environments warm
// with auto-scaled provisioned concurrency, raised through business hours.
type APIStack struct {
	awscdk.Stack
	// Table is the DynamoDB table both functions use.
	Table awsdynamodb.Table
	// Node is the Node.js function, with auto-scaled provisioned concurrency.
	Node *optimizedfn.Function
	// Go is the Go function.
	Go *optimizedfn.Function
}

// NewAPIStack builds the reference API stack. props may be nil.
func NewAPIStack(scope constructs.Construct, id string, props *awscdk.StackProps) *APIStack {
	stack := awscdk.NewStack(scope, jsii.String(id), props)
	s := &APIStack{Stack: stack}

	s.Table = newItemsTable(stack)
	env := map[string]string{"TABLE_NAME": *s.Table.TableName()}

	// Provisioned concurrency sized by Little's law at the 0.7 target for a
	// p99 of 100 ms: 70 req/s at peak need 10 environments, the 35 req/s of
	// business hours 5. One stays warm at night and at weekends; target
	// tracking adds more between the bounds.
	const p99 = 100 * time.Millisecond
	peak := concurrency.ForLoad(70, p99)
	office := concurrency.ForLoad(35, p99)

	// Waits on DynamoDB more than it computes: IOBound (512 MiB).
	s.Node = optimizedfn.New(stack, jsii.String("NodeApi"), &optimizedfn.Props{
		Entry:       filepath.Join(FunctionsDir(), "node", "api", "index.ts"),
		Profile:     optimizedfn.IOBound,
		Environment: env,
		Description: "Reference Node.js API: esbuild-minified ESM, SDK bundled, split at import()",
		// A planning estimate (one or two DynamoDB round trips of a few ms
		// plus the handler's own ~2 ms, measured locally with `lambdaperf
		// load`): replace it with CloudWatch's p50 once deployed.
		ExpectedDuration: 25 * time.Millisecond,
		ProvisionedConcurrency: &concurrency.Config{
			Min: 1,
			AutoScaling: &concurrency.AutoScaling{
				Max: peak,
				Schedules: []concurrency.Schedule{
					{Name: "BusinessHoursStart", Cron: "cron(0 8 ? * MON-FRI *)", Min: office},
					{Name: "BusinessHoursEnd", Cron: "cron(0 18 ? * MON-FRI *)", Min: 1},
				},
			},
		},
	})
	s.Table.GrantReadWriteData(s.Node.Function())

	// One GetItem per request: Simple (256 MiB).
	s.Go = optimizedfn.New(stack, jsii.String("GoApi"), &optimizedfn.Props{
		Entry:       filepath.Join(FunctionsDir(), "go", "cmd", "api"),
		Profile:     optimizedfn.Simple,
		Environment: env,
		Description: "Reference Go API: lean bootstrap on provided.al2023",
		// A planning estimate, as for the Node.js function (the handler
		// itself takes ~0.5 ms locally).
		ExpectedDuration: 15 * time.Millisecond,
	})
	s.Table.GrantReadData(s.Go.Function())

	for _, fn := range []*optimizedfn.Function{s.Node, s.Go} {
		exposeOnURL(fn)
	}
	return s
}
