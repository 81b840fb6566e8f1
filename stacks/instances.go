package stacks

import (
	"math"
	"path/filepath"
	"strconv"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsdynamodb"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/lambdaperf/lambdaperf/constructs/capacity"
	"github.com/lambdaperf/lambdaperf/constructs/network"
	"github.com/lambdaperf/lambdaperf/constructs/optimizedfn"
	"github.com/lambdaperf/lambdaperf/internal/nag"
)

// InstancesStack is the reference function on Lambda Managed Instances: a
// Node.js handler, safe for concurrent invocations
// (functions/node/instances), that reads DynamoDB from a capacity
// provider's Graviton instances in the VPC's private subnets.
type InstancesStack struct {
	awscdk.Stack
	// Network is the VPC network.New builds by default: private subnets in
	// two AZs, one NAT gateway, S3 and DynamoDB gateway endpoints.
	Network *network.Vpc
	// Capacity is the capacity provider the function runs on, with the
	// defaults: arm64 instances, a 50 % CPU target, at most 64 vCPUs.
	Capacity *capacity.Provider
	// Table is the DynamoDB table the function reads.
	Table awsdynamodb.Table
	// Function is the Node.js function on Capacity.
	Function *optimizedfn.Function
}

// NewInstancesStack builds the reference Managed Instances stack. props
// may be nil.
func NewInstancesStack(scope constructs.Construct, id string, props *awscdk.StackProps) *InstancesStack {
	stack := newNoLookupStack(scope, id, props)
	s := &InstancesStack{Stack: stack}

	// Private subnets with one NAT gateway; DynamoDB through its free
	// gateway endpoint.
	s.Network = network.New(stack, jsii.String("Network"), nil)
	// The defaults: arm64 instances, a 50 % CPU target, at most 64 vCPUs.
	s.Capacity = capacity.New(stack, jsii.String("Capacity"), &capacity.Props{Network: s.Network})

	s.Table = newItemsTable(stack)

	// 2,048 MiB at 2 GiB per vCPU (the defaults on Managed Instances): one
	// vCPU, and Node.js's documented 64 concurrent invocations per vCPU.
	s.Function = optimizedfn.New(stack, jsii.String("InstancesApi"), &optimizedfn.Props{
		Entry:            filepath.Join(FunctionsDir(), "node", "instances", "index.ts"),
		Environment:      map[string]string{"TABLE_NAME": *s.Table.TableName()},
		Description:      "Reference function on Lambda Managed Instances: DynamoDB reads, many invocations per environment",
		ManagedInstances: &optimizedfn.ManagedInstances{CapacityProvider: s.Capacity},
	})
	// Each worker thread (one per vCPU) takes its share of the
	// environment's concurrency: its connection pool is sized for it.
	mi := s.Function.Plan().ManagedInstances
	perWorker := int(math.Ceil(float64(mi.PerEnvironmentMaxConcurrency) / math.Max(1, mi.VCPUs)))
	s.Function.AddEnvironment("SOCKETS_PER_WORKER", strconv.Itoa(perWorker))
	s.Table.GrantReadData(s.Function.Function())

	nag.Suppress(s.Function.Function(), nag.Rule{
		ID:     "Serverless-LambdaDLQ",
		Reason: "Invoked synchronously on its live alias: errors return to the caller, and a DLQ only ever receives asynchronous events",
	})
	awscdk.NewCfnOutput(s.Function, jsii.String("AliasArn"), &awscdk.CfnOutputProps{
		Value:       s.Function.Alias().FunctionArn(),
		Description: jsii.String("Invoke target: the live alias of the published version, which runs on the capacity provider"),
	})
	return s
}
