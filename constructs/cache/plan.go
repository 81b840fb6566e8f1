package cache

import (
	"github.com/lambdaperf/lambdaperf/constructs/network"
	"github.com/lambdaperf/lambdaperf/internal/problems"
)

// Limits of ElastiCache Serverless usage caps, from
// https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/Scaling.html
const (
	MinDataStorageGB    = 1
	MaxDataStorageGB    = 5000
	MinECPUPerSecond    = 1000
	MaxECPUPerSecond    = 15000000
	Engine              = "valkey"
	DefaultMajorVersion = "8"
	// Port is the serverless cache's endpoint port (TLS only); readers
	// use Port+1 (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/read-from-replica.html).
	Port       = 6379
	ReaderPort = 6380
)

// Environment variables Connect sets on a connected function.
const (
	EnvEndpoint = "CACHE_ENDPOINT"
	EnvPort     = "CACHE_PORT"
)

// Props configures a shared cache.
type Props struct {
	// Network the cache runs in: its function subnets (two or three
	// Availability Zones), next to the functions that use it. Required.
	Network network.Network

	// MaxDataStorageGB caps the data the cache holds, 1..5000 GB; writes
	// beyond it evict (or fail, with noeviction). A cap also caps the
	// storage bill (https://aws.amazon.com/elasticache/pricing/).
	// Default: 0, no cap.
	MaxDataStorageGB int

	// MaxECPUPerSecond caps the ElastiCache Processing Units the cache may
	// use per second, 1,000..15,000,000; requests beyond it are
	// throttled. Default: 0, no cap.
	MaxECPUPerSecond int

	// MajorEngineVersion of Valkey: "7" or "8". Default: "8".
	MajorEngineVersion string

	// Description of the cache. Default: "Shared cache for warm data of
	// Lambda functions".
	Description string
}

// Plan is a cache's resolved configuration.
type Plan struct {
	// Path is the cache's construct path, used in messages.
	Path string
	// MaxDataStorageGB caps the data stored, in GB.
	MaxDataStorageGB int
	// MaxECPUPerSecond caps the ElastiCache Processing Units per second.
	MaxECPUPerSecond int
	// MajorEngineVersion of the engine (Valkey), e.g. "8".
	MajorEngineVersion string
	// Description of the serverless cache.
	Description string
}

// Validate checks props without building anything.
func (p *Props) Validate() error {
	_, err := Resolve("", p)
	return err
}

// Resolve applies defaults and checks every rule, without jsii.
func Resolve(path string, props *Props) (*Plan, error) {
	if props == nil {
		props = &Props{}
	}
	p := &Plan{Path: path}
	probs := problems.New("cache", path)
	fail := probs.Addf
	if props.Network == nil {
		fail("Network is required: pass the network.Vpc (or network.Import) the functions that use the cache run in")
	}
	p.MaxDataStorageGB = props.MaxDataStorageGB
	if p.MaxDataStorageGB != 0 && (p.MaxDataStorageGB < MinDataStorageGB || p.MaxDataStorageGB > MaxDataStorageGB) {
		fail("MaxDataStorageGB must be %d..%d GB, got %d: leave it 0 for no cap", MinDataStorageGB, MaxDataStorageGB, p.MaxDataStorageGB)
	}
	p.MaxECPUPerSecond = props.MaxECPUPerSecond
	if p.MaxECPUPerSecond != 0 && (p.MaxECPUPerSecond < MinECPUPerSecond || p.MaxECPUPerSecond > MaxECPUPerSecond) {
		fail("MaxECPUPerSecond must be %d..%d, got %d: leave it 0 for no cap", MinECPUPerSecond, MaxECPUPerSecond, p.MaxECPUPerSecond)
	}
	p.MajorEngineVersion = props.MajorEngineVersion
	switch p.MajorEngineVersion {
	case "":
		p.MajorEngineVersion = DefaultMajorVersion
	case "7", "8":
	default:
		fail("MajorEngineVersion %q is not a Valkey major version ElastiCache Serverless runs: use \"7\" or \"8\"", p.MajorEngineVersion)
	}
	p.Description = props.Description
	if p.Description == "" {
		p.Description = "Shared cache for warm data of Lambda functions"
	} else if len(p.Description) > 255 {
		fail("Description is %d characters, ElastiCache allows 255: shorten it", len(p.Description))
	}
	if err := probs.Err(); err != nil {
		return nil, err
	}
	return p, nil
}
