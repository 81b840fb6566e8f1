package audit

import (
	"github.com/lambdaperf/lambdaperf/assembly"

	"github.com/lambdaperf/lambdaperf/lambda"
)

// The rules judge the model the cloud-assembly reader (package assembly)
// builds; these names let a rule say Function rather than
// assembly.Function.
type (
	Model            = assembly.Model
	Stack            = assembly.Stack
	Resource         = assembly.Resource
	Function         = assembly.Function
	Version          = assembly.Version
	Alias            = assembly.Alias
	ScalableTarget   = assembly.ScalableTarget
	ScalingPolicy    = assembly.ScalingPolicy
	CustomMetric     = assembly.CustomMetric
	Dimension        = assembly.Dimension
	APIIntegration   = assembly.APIIntegration
	Dashboard        = assembly.Dashboard
	LogGroup         = assembly.LogGroup
	Layer            = assembly.Layer
	CodeAsset        = assembly.CodeAsset
	JSFile           = assembly.JSFile
	Suppression      = assembly.Suppression
	EventSources     = assembly.EventSources
	Mapping          = assembly.Mapping
	Queue            = assembly.Queue
	InvokeConfig     = assembly.InvokeConfig
	CapacityProvider = assembly.CapacityProvider
	ManagedInstances = assembly.ManagedInstances
)

// Value is a property that may be absent, known or unknown.
type Value[T any] = assembly.Value[T]

// Names the rules share with the reader, and Lambda's facts as the
// model spells them (strings).
const (
	DefaultMemoryMiB = 128 // lambda.DefaultMemoryMiB
	ArchX86          = string(lambda.X86_64)
	ArchARM64        = string(lambda.ARM64)
	LatestVersion    = "$LATEST"    // assembly.LatestVersion
	MetadataKey      = "lambdaperf" // assembly.MetadataKey
	RetentionNone    = assembly.RetentionNone
)

// The constants written out as values, so that go doc shows them, equal
// the constants they follow: this fails to compile (an invalid array
// index) when one does not, as stringer checks enum values.
func _() {
	var x [1]struct{}
	_ = x[DefaultMemoryMiB-lambda.DefaultMemoryMiB]
}

// The constants written out as values, so that go doc shows them, equal
// the constants they follow: this fails to compile (a duplicate map key)
// when one does not.
var _ = map[bool]struct{}{false: {}, LatestVersion == assembly.LatestVersion && MetadataKey == assembly.MetadataKey: {}}
