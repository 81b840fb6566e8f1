package stacks

import (
	"path/filepath"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsdynamodb"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssecretsmanager"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/lambdaperf/lambdaperf/constructs/cache"
	"github.com/lambdaperf/lambdaperf/constructs/extensions"
	"github.com/lambdaperf/lambdaperf/constructs/network"
	"github.com/lambdaperf/lambdaperf/constructs/optimizedfn"
	"github.com/lambdaperf/lambdaperf/internal/nag"
)

// VPCStack is the reference function in a VPC: a Node.js handler in
// private subnets that reads items through a shared Valkey cache in front
// of DynamoDB, signs its responses with a key read through the Parameters
// and Secrets extension, and reports to Lambda Insights.
//
// The VPC has no NAT gateway: everything the function calls has an
// endpoint (DynamoDB through the free gateway endpoint, Secrets Manager
// and CloudWatch Logs for the extensions through interface endpoints), so
// the subnets are isolated and nothing routes to the internet.
type VPCStack struct {
	awscdk.Stack
	// Network is the function VPC: isolated subnets with VPC endpoints.
	Network *network.Vpc
	// Table is the DynamoDB table the function reads, through the gateway
	// endpoint.
	Table awsdynamodb.Table
	// Cache is the ElastiCache serverless cache in front of the table.
	Cache *cache.Cache
	// SigningKey is the Secrets Manager secret the function reads through the
	// extension.
	SigningKey awssecretsmanager.Secret
	// Function is the optimized function in the VPC.
	Function *optimizedfn.Function
}

// NewVPCStack builds the reference VPC stack. props may be nil.
func NewVPCStack(scope constructs.Construct, id string, props *awscdk.StackProps) *VPCStack {
	// Availability zones from Fn::GetAZs at deploy time, never a lookup
	// at synthesis: a pinned `cdk synth` needs no credentials.
	stack := newNoLookupStack(scope, id, props)
	s := &VPCStack{Stack: stack}

	noNAT := 0
	s.Network = network.New(stack, jsii.String("Network"), &network.Props{
		NatGateways:        &noNAT,
		InterfaceEndpoints: []network.Endpoint{network.SecretsManager, network.CloudWatchLogs},
	})

	s.Table = newItemsTable(stack)

	s.SigningKey = awssecretsmanager.NewSecret(stack, jsii.String("SigningKey"), &awssecretsmanager.SecretProps{
		Description: jsii.String("HMAC key the reference VPC function signs its responses with"),
		GenerateSecretString: &awssecretsmanager.SecretStringGenerator{
			PasswordLength:     jsii.Number(48),
			ExcludePunctuation: jsii.Bool(true),
		},
	})
	nag.Suppress(s.SigningKey, nag.Rule{
		ID:     "AwsSolutions-SMG4",
		Reason: "A response-signing key shared with API consumers: it is rotated by issuing a new key to them, which a Secrets Manager rotation function cannot do",
	})

	// Cache-sized data, capped: a runaway client cannot grow the bill.
	s.Cache = cache.New(stack, jsii.String("Cache"), &cache.Props{
		Network:          s.Network,
		MaxDataStorageGB: 1,
		MaxECPUPerSecond: 5000,
	})

	// Waits on the cache and DynamoDB: IOBound (512 MiB).
	s.Function = optimizedfn.New(stack, jsii.String("CachedApi"), &optimizedfn.Props{
		Entry:       filepath.Join(FunctionsDir(), "node", "cached", "index.ts"),
		Profile:     optimizedfn.IOBound,
		Environment: map[string]string{"TABLE_NAME": *s.Table.TableName()},
		Description: "Reference VPC function: Valkey read-through cache over DynamoDB, secrets extension, Lambda Insights",
		Network:     s.Network,
		Layers:      []extensions.Layer{extensions.ParametersAndSecrets(nil), extensions.LambdaInsights()},
	})
	s.Table.GrantReadData(s.Function.Function())
	extensions.UseSecret(s.Function, s.SigningKey, "SIGNING_KEY_SECRET_NAME")
	s.Cache.Connect(s.Function)
	exposeOnURL(s.Function)
	return s
}
