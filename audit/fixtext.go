package audit

import "fmt"

// Where is where findings are read, so that a fix names the setting the
// reader can change there: a command-line flag in the CLI, a construct
// field in `cdk synth` output.
type Where int

const (
	// InCLI: `lambdaperf audit` and `report`, whose flags set the options.
	InCLI Where = iota
	// InSynth: annotations in `cdk synth` output (constructs/advisor),
	// where the settings are construct props.
	InSynth
)

// durationFix is the fix of a cost estimate: how to give it the measured
// duration where the reader is. A declared duration (declaredMs, the
// function's optimizedfn.Props.ExpectedDuration, written as the template
// metadata lambdaperf.expectedDurationMs) is already there: the fix says
// to keep it at the measured one, and that a flag does not override it;
// an assumed one comes from the options.
func (c *checker) durationFix(declared bool, declaredMs int) string {
	const tune = "; tune memory with AWS Lambda Power Tuning."
	// INIT is billed like duration since 1 August 2025; its assumptions are
	// flags of the CLI only.
	const initCLI = "; measure INIT (the initDurationMs of platform.report records) and the cold-start share and rerun with --init-duration-ms and --cold-start-rate"
	kept := fmt.Sprintf("The estimate prices the %d ms the function declares (ExpectedDuration, optimizedfn.Props): keep it at the measured duration (CloudWatch Duration p50)", declaredMs)
	switch {
	case c.opts.Where == InSynth && declared:
		return kept + tune
	case c.opts.Where == InSynth:
		return "Measure the real duration (CloudWatch Duration p50) and set ExpectedDuration (optimizedfn.Props) to it, or advisor.Props.DurationMs for every function without one" + tune
	case declared:
		return kept + "; it is the template metadata lambdaperf.expectedDurationMs, which --duration-ms does not override" + initCLI + tune
	default:
		return "Measure the real duration (CloudWatch Duration p50) and rerun with --duration-ms" + initCLI + tune
	}
}
