// Package cache builds a shared cache for warm data of Lambda functions:
// ElastiCache Serverless with the Valkey engine, in the functions' VPC.
//
// Serverless caches always encrypt in transit (TLS only, on port 6379, and
// 6380 for reads from replicas) and at rest. The cache's security group
// admits only the functions connected with Connect, on the cache ports,
// security group to security group; it has no other rule. Connect also
// passes the endpoint and port to the function in CACHE_ENDPOINT and
// CACHE_PORT.
//
// A cache is an optimization, not a source of truth: clients should
// connect lazily, fail fast when the cache is down (no offline queue, a
// short connect timeout) and fall back to the source of truth. With ioredis:
//
//	new Redis({ host: process.env.CACHE_ENDPOINT, port: Number(process.env.CACHE_PORT),
//	  tls: {}, lazyConnect: true, enableOfflineQueue: false, connectTimeout: 1000,
//	  maxRetriesPerRequest: 1 })
//
// The reference handler (functions/node/cached) shows the pattern.
package cache

import (
	"fmt"
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awselasticache"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	"github.com/lambdaperf/lambdaperf/constructs/network"
	"github.com/lambdaperf/lambdaperf/internal/fnenv"
	"github.com/lambdaperf/lambdaperf/internal/problems"
)

// Cache is an ElastiCache Serverless (Valkey) cache with its security
// group. Connect the functions that use it.
type Cache struct {
	constructs.Construct
	plan      *Plan
	cache     awselasticache.CfnServerlessCache
	sg        awsec2.SecurityGroup
	connected map[string]bool
}

// New builds a cache in props.Network. Invalid props stop synthesis with
// every problem listed.
func New(scope constructs.Construct, id *string, props *Props) *Cache {
	plan, err := Resolve(problems.Path(scope, id), props)
	if err != nil {
		panic(err)
	}
	c := &Cache{plan: plan, connected: map[string]bool{}}
	constructs.NewConstruct_Override(c, scope, id)
	c.build(props.Network)
	return c
}

func (c *Cache) build(net interface {
	Vpc() awsec2.IVpc
	FunctionSubnets() *awsec2.SubnetSelection
}) {
	p := c.plan
	// No inbound rule until a function connects; no egress (a cache opens
	// no connections).
	c.sg = awsec2.NewSecurityGroup(c, jsii.String("SecurityGroup"), &awsec2.SecurityGroupProps{
		Vpc:              net.Vpc(),
		Description:      jsii.String("Valkey cache: inbound only from connected Lambda functions"),
		AllowAllOutbound: jsii.Bool(false),
	})
	subnets, err := network.SelectSubnets(net.Vpc(), net.FunctionSubnets())
	if err != nil {
		panic(fmt.Errorf("%s: Network: %v", problems.Prefix("cache", p.Path), err))
	}
	subnetIDs := make([]interface{}, 0, len(*subnets.SubnetIds))
	for _, id := range *subnets.SubnetIds {
		subnetIDs = append(subnetIDs, id)
	}
	props := &awselasticache.CfnServerlessCacheProps{
		Engine:              jsii.String(Engine),
		MajorEngineVersion:  jsii.String(p.MajorEngineVersion),
		ServerlessCacheName: jsii.String(name(c)),
		Description:         jsii.String(p.Description),
		SecurityGroupIds:    &[]interface{}{c.sg.SecurityGroupId()},
		SubnetIds:           &subnetIDs,
	}
	if p.MaxDataStorageGB != 0 || p.MaxECPUPerSecond != 0 {
		limits := &awselasticache.CfnServerlessCache_CacheUsageLimitsProperty{}
		if p.MaxDataStorageGB != 0 {
			limits.DataStorage = &awselasticache.CfnServerlessCache_DataStorageProperty{Unit: jsii.String("GB"), Maximum: jsii.Number(p.MaxDataStorageGB)}
		}
		if p.MaxECPUPerSecond != 0 {
			limits.EcpuPerSecond = &awselasticache.CfnServerlessCache_ECPUPerSecondProperty{Maximum: jsii.Number(p.MaxECPUPerSecond)}
		}
		props.CacheUsageLimits = limits
	}
	c.cache = awselasticache.NewCfnServerlessCache(c, jsii.String("Resource"), props)
}

// name is the cache's ServerlessCacheName, which CloudFormation requires:
// unique per stack path, lowercase (ElastiCache lowercases names), at most
// 40 characters, starting with a letter.
func name(c *Cache) string {
	n := strings.ToLower(*awscdk.Names_UniqueResourceName(c, &awscdk.UniqueResourceNameOptions{
		MaxLength: jsii.Number(40),
		Separator: jsii.String("-"),
	}))
	for strings.Contains(n, "--") {
		n = strings.ReplaceAll(n, "--", "-")
	}
	n = strings.Trim(n, "-")
	if n == "" || n[0] < 'a' || n[0] > 'z' {
		n = "c" + n
		if len(n) > 40 {
			n = n[:40]
		}
	}
	return strings.TrimRight(n, "-")
}

// Client is a function Connect connects; *optimizedfn.Function is one. It
// must run in the cache's VPC (optimizedfn.Props.Network).
type Client interface {
	constructs.IConstruct
	// Function is the Lambda function that connects to the cache.
	Function() awslambda.Function
}

// Connect lets fn use the cache: the cache's security group admits fn's
// security groups on the cache ports (6379-6380), fn's groups get egress
// to the cache's group on those ports only, and fn's environment gets
// CACHE_ENDPOINT and CACHE_PORT. Connecting the same function twice, or a
// function outside a VPC, stops synthesis.
func (c *Cache) Connect(fn Client) {
	path := *fn.Node().Path()
	if c.connected[path] {
		panic(fmt.Sprintf("%s: Connect %q: the function is already connected", problems.Prefix("cache", c.plan.Path), path))
	}
	var conns awsec2.Connections
	func() {
		defer func() {
			if r := recover(); r != nil {
				panic(fmt.Sprintf("%s: Connect %q: the function is not in a VPC, so the cache cannot admit it: set its Props.Network to the cache's network (%v)", problems.Prefix("cache", c.plan.Path), path, r))
			}
		}()
		conns = fn.Function().Connections()
	}()
	c.sg.Connections().AllowFrom(conns, awsec2.Port_TcpRange(jsii.Number(Port), jsii.Number(ReaderPort)),
		jsii.String(fmt.Sprintf("Valkey (TLS) from %s", path)))
	fnenv.Set(fn, EnvEndpoint, c.cache.AttrEndpointAddress())
	fnenv.Set(fn, EnvPort, c.cache.AttrEndpointPort())
	c.connected[path] = true
}

// Endpoint is the cache's endpoint address (TLS only).
func (c *Cache) Endpoint() *string { return c.cache.AttrEndpointAddress() }

// EndpointPort is the cache's endpoint port.
func (c *Cache) EndpointPort() *string { return c.cache.AttrEndpointPort() }

// SecurityGroup is the cache's security group.
func (c *Cache) SecurityGroup() awsec2.SecurityGroup { return c.sg }

// Resource is the underlying AWS::ElastiCache::ServerlessCache: the
// escape hatch.
func (c *Cache) Resource() awselasticache.CfnServerlessCache { return c.cache }

// Plan is the resolved configuration (defaults applied).
func (c *Cache) Plan() Plan { return *c.plan }
