package lambda

import "time"

// QuotasDoc is the page the limits below come from unless their comment
// names another: the "Function configuration, deployment, and execution"
// table of the Lambda quotas.
const QuotasDoc = "https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html"

// Memory, in MiB: "128 MB to 10,240 MB, in 1-MB increments" (QuotasDoc;
// Lambda writes MB for MiB), 128 when a function leaves it unset
// (https://docs.aws.amazon.com/lambda/latest/dg/configuration-memory.html).
const (
	MinMemoryMiB     = 128
	MaxMemoryMiB     = 10240
	DefaultMemoryMiB = 128
)

// Timeout, in whole seconds: "900 seconds (15 minutes)" at most
// (QuotasDoc), 3 when unset
// (https://docs.aws.amazon.com/lambda/latest/dg/configuration-timeout.html).
const (
	MinTimeoutSec     = 1
	MaxTimeoutSec     = 900
	DefaultTimeoutSec = 3
	// MaxTimeout is MaxTimeoutSec as a duration.
	MaxTimeout = MaxTimeoutSec * time.Second
)

// SQSVisibilityFactor is the AWS recommendation for a queue that feeds a
// function: it hides a received message for at least six times the
// function timeout, so Lambda can retry a throttled batch before the
// message shows again
// (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-configure-lambda-function-trigger.html).
const SQSVisibilityFactor = 6

// MaxLayers is how many layers one function may use: "five layers"
// (QuotasDoc).
const MaxLayers = 5

// Ephemeral storage (/tmp), in MiB: 512 (included, the default) to 10,240
// (https://docs.aws.amazon.com/lambda/latest/dg/configuration-ephemeral-storage.html).
// SnapStart functions keep the 512 MiB: "ephemeral storage greater than
// 512 MB" is not supported
// (https://docs.aws.amazon.com/lambda/latest/dg/snapstart.html, Supported
// features and limitations).
const (
	MinEphemeralMiB          = 512
	MaxEphemeralMiB          = 10240
	DefaultEphemeralMiB      = 512
	MaxSnapStartEphemeralMiB = 512
)

// Concurrency: 1,000 concurrent executions per account and Region by
// default (QuotasDoc, Compute and storage), of which Lambda keeps 100
// unreserved for the functions without reserved concurrency
// (https://docs.aws.amazon.com/lambda/latest/dg/configuration-concurrency.html).
const (
	DefaultAccountConcurrency = 1000
	UnreservedConcurrency     = 100
)

// MaxAccountConcurrency is the highest concurrency quota any account can
// have: QuotasDoc (Compute and storage) says concurrent executions "can be
// increased up to tens of thousands", fewer than 100,000. Lambda refuses a
// reservation that leaves less than UnreservedConcurrency unreserved
// (PutFunctionConcurrency,
// https://docs.aws.amazon.com/lambda/latest/api/API_PutFunctionConcurrency.html)
// and provisioned concurrency beyond the same bound
// (https://docs.aws.amazon.com/lambda/latest/dg/provisioned-concurrency.html),
// so no account can reserve more than MaxReservableConcurrency for one
// function, or provision more on it; above DefaultAccountConcurrency minus
// UnreservedConcurrency, only an account whose quota was raised can.
const (
	MaxAccountConcurrency    = 99_999
	MaxReservableConcurrency = MaxAccountConcurrency - UnreservedConcurrency
)

// Architectures, spelled as in the Architectures property of
// AWS::Lambda::Function. A function without one runs on x86_64.
const (
	ARM64       Arch = "arm64"
	X86_64      Arch = "x86_64"
	DefaultArch Arch = "x86_64" // X86_64
)

// Arch is a Lambda instruction set architecture.
type Arch string

// Other is the other architecture.
func (a Arch) Other() Arch {
	if a == ARM64 {
		return X86_64
	}
	return ARM64
}

// MemoryInRange reports whether Lambda accepts a memory setting of mib.
func MemoryInRange(mib int) bool { return mib >= MinMemoryMiB && mib <= MaxMemoryMiB }

// TimeoutInRange reports whether Lambda accepts a timeout of d: 1..900 s.
// (A template's Timeout is whole seconds; a construct also refuses
// fractions.)
func TimeoutInRange(d time.Duration) bool {
	return d >= MinTimeoutSec*time.Second && d <= MaxTimeout
}

// EphemeralInRange reports whether Lambda accepts /tmp of mib.
func EphemeralInRange(mib int) bool { return mib >= MinEphemeralMiB && mib <= MaxEphemeralMiB }

// SnapStartEphemeralOK reports whether a SnapStart function may have /tmp
// of mib.
func SnapStartEphemeralOK(mib int) bool { return mib <= MaxSnapStartEphemeralMiB }

// LayersFit reports whether a function may use n layers.
func LayersFit(n int) bool { return n <= MaxLayers }

// The constants written out as values, so that go doc shows them, equal
// the constants they follow: this fails to compile (a duplicate map key)
// when one does not.
var _ = map[bool]struct{}{false: {}, DefaultArch == X86_64: {}}
