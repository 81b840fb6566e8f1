package optimizedfn

import (
	"errors"
	"fmt"
	"math"

	"github.com/aws/aws-cdk-go/awscdk/v2"

	"github.com/lambdaperf/lambdaperf/constructs/concurrency"
	"github.com/lambdaperf/lambdaperf/internal/problems"
	"github.com/lambdaperf/lambdaperf/lambda"
)

// JavaColdStartOptions is the JAVA_TOOL_OPTIONS a Java function gets unless
// Props.JavaFullJIT is set or Environment sets its own: tiered compilation
// stopped at C1, which compiles quickly, so init and the first requests
// spend less CPU on the JIT. Long-running CPU-bound handlers can want C2.
const JavaColdStartOptions = "-XX:+TieredCompilation -XX:TieredStopAtLevel=1"

// MaxSnapStartEphemeralMiB is the most ephemeral storage (/tmp) SnapStart
// allows (package lambda's).
const MaxSnapStartEphemeralMiB = 512

// resolveSnapStart decides SnapStart: on by default for Java, opt-in for
// the other runtimes that have it, and refused with what it cannot combine.
func resolveSnapStart(p *Plan, props *Props, fail func(string, ...any)) {
	switch props.SnapStart {
	case SnapStartDefault:
		// Not on Managed Instances, which have no cold starts to restore.
		p.SnapStart = p.Kind == KindJava && props.ManagedInstances == nil
	case SnapStartOn:
		if _, ok := runtimes[p.Runtime]; ok && !lambda.SnapStartSupported(string(p.Runtime)) {
			fail("SnapStart is on, but runtime %s does not support it: Lambda offers SnapStart for Java 11+, Python 3.12+ and .NET 8+; remove SnapStart, and use ProvisionedConcurrency against cold starts instead", p.Runtime)
			return
		}
		p.SnapStart = true
	case SnapStartOff:
	default:
		fail("SnapStart %q is not a setting: use optimizedfn.SnapStartOn or optimizedfn.SnapStartOff", props.SnapStart)
	}
	if !p.SnapStart {
		return
	}
	what, off := "SnapStart", "set SnapStart: optimizedfn.SnapStartOff"
	if props.SnapStart == SnapStartDefault {
		what = "SnapStart (on by default for Java)"
	}
	if x := props.Extra; x != nil {
		if x.Filesystem != nil {
			fail("%s does not work with EFS (Extra.Filesystem): Lambda cannot snapshot a mounted file system; drop the file system or %s", what, off)
		}
		if mib, ok := mebibytes(x.EphemeralStorageSize); ok && !lambda.SnapStartEphemeralOK(int(math.Ceil(mib))) {
			fail("%s allows at most %d MiB of ephemeral storage, Extra.EphemeralStorageSize is %g MiB: lower it to %d MiB or %s", what, MaxSnapStartEphemeralMiB, mib, MaxSnapStartEphemeralMiB, off)
		}
	}
	if props.ProvisionedConcurrency != nil {
		fail("ProvisionedConcurrency and %s cannot be combined: Lambda refuses provisioned concurrency on a SnapStart function; remove ProvisionedConcurrency (SnapStart restores a snapshot instead of running init, with no hourly charge on Java), or %s", what, off)
	}
}

// mebibytes is a user-supplied size in MiB; false for nil or a token. The
// size is a jsii object the caller already made, so reading it is the one
// jsii call validation makes, and only when Extra sets it.
func mebibytes(size awscdk.Size) (float64, bool) {
	if size == nil || *size.IsUnresolved() {
		return 0, false
	}
	return *size.ToMebibytes(&awscdk.SizeConversionOptions{Rounding: awscdk.SizeRoundingBehavior_NONE}), true
}

// resolveConcurrency resolves Props.ProvisionedConcurrency against the
// function's reserved concurrency.
func resolveConcurrency(p *Plan, props *Props, fail func(string, ...any)) {
	cp, err := concurrency.Resolve("ProvisionedConcurrency", props.ProvisionedConcurrency, p.Reserved)
	for _, e := range unjoin(err) {
		fail("%v", e)
	}
	if cp == nil {
		return
	}
	p.Concurrency = cp
	p.Warnings = append(p.Warnings, cp.Warnings...)
}

// WithAutoScaling is the plan after Function.EnableAutoScaling(a), or every
// reason it cannot be: there is no provisioned concurrency to scale, or
// autoscaling is already on. The plan itself is not changed.
func (p *Plan) WithAutoScaling(a *concurrency.AutoScaling) (*Plan, error) {
	if p.Concurrency == nil {
		why := "set Props.ProvisionedConcurrency (at least Min), which creates the alias with Min environments"
		if p.SnapStart {
			why = "SnapStart is on, and provisioned concurrency does not combine with it: set SnapStart: optimizedfn.SnapStartOff and Props.ProvisionedConcurrency"
		}
		return nil, fmt.Errorf("%s: EnableAutoScaling has no provisioned concurrency to scale: %s", problems.Prefix("optimizedfn", p.Path), why)
	}
	cp, err := p.Concurrency.WithAutoScaling("EnableAutoScaling", a, p.Reserved)
	if err != nil {
		var errs []error
		for _, e := range unjoin(err) {
			errs = append(errs, fmt.Errorf("%s: %v", problems.Prefix("optimizedfn", p.Path), e))
		}
		return nil, errors.Join(errs...)
	}
	q := *p
	q.Concurrency = cp
	q.Warnings = append([]Warning(nil), p.Warnings...)
	for _, w := range cp.Warnings {
		if !hasWarning(q.Warnings, w.ID) {
			q.Warnings = append(q.Warnings, w)
		}
	}
	return &q, nil
}

func hasWarning(ws []Warning, id string) bool {
	for _, w := range ws {
		if w.ID == id {
			return true
		}
	}
	return false
}

// unjoin lists the errors inside an errors.Join, or err alone.
func unjoin(err error) []error {
	if err == nil {
		return nil
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}

// SnapStartRequirePublish is the ID of CDK's warning that SnapStart applies
// to published versions only. The construct always publishes a version and
// points its alias at it, so it acknowledges the warning on SnapStart
// functions.
const SnapStartRequirePublish = "@aws-cdk/aws-lambda:snapStartRequirePublish"
