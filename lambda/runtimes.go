package lambda

import (
	"strconv"
	"strings"
	"time"
)

// RuntimesDoc is where the deprecation dates and runtime capabilities below
// come from.
const RuntimesDoc = "https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html"

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// lifecycles holds each managed runtime's deprecation date and the dates
// after which Lambda blocks creating, then updating, functions on it, from
// the "Supported runtimes" and "Deprecated runtimes" tables of the Lambda
// runtimes page (RuntimesDoc). AWS has moved block dates later more than
// once: those of the runtimes deprecated by 2026-12-06 are the ones AWS's
// own CloudFormation validator reported that day (aws-cdk-lib 2.276.0's
// @aws/cloudformation-validate 1.14.0, rules E2531, W2531 and E2533). A
// zero block date is one the page does not give yet.
var lifecycles = map[string]Lifecycle{
	"nodejs24.x":      {Deprecated: day(2028, time.April, 30), BlockCreate: day(2028, time.June, 1), BlockUpdate: day(2028, time.July, 1)},
	"nodejs22.x":      {Deprecated: day(2027, time.April, 30), BlockCreate: day(2027, time.June, 1), BlockUpdate: day(2027, time.July, 1)},
	"nodejs20.x":      {Deprecated: day(2026, time.April, 30), BlockCreate: day(2027, time.February, 1), BlockUpdate: day(2027, time.March, 3)},
	"nodejs18.x":      {Deprecated: day(2025, time.September, 1), BlockCreate: day(2027, time.February, 1), BlockUpdate: day(2027, time.March, 3)},
	"nodejs16.x":      {Deprecated: day(2024, time.June, 12), BlockCreate: day(2027, time.February, 1), BlockUpdate: day(2027, time.March, 3)},
	"nodejs14.x":      {Deprecated: day(2023, time.December, 4), BlockCreate: day(2024, time.January, 9), BlockUpdate: day(2027, time.March, 3)},
	"nodejs12.x":      {Deprecated: day(2023, time.March, 31), BlockCreate: day(2023, time.March, 31), BlockUpdate: day(2023, time.April, 30)},
	"nodejs10.x":      {Deprecated: day(2021, time.July, 30), BlockCreate: day(2021, time.July, 30), BlockUpdate: day(2022, time.February, 14)},
	"nodejs8.10":      {Deprecated: day(2020, time.March, 6), BlockCreate: day(2020, time.February, 4), BlockUpdate: day(2020, time.March, 6)},
	"nodejs6.10":      {Deprecated: day(2019, time.August, 12), BlockCreate: day(2019, time.July, 12), BlockUpdate: day(2019, time.August, 12)},
	"nodejs4.3":       {Deprecated: day(2020, time.March, 5), BlockCreate: day(2020, time.February, 3), BlockUpdate: day(2020, time.March, 5)},
	"nodejs4.3-edge":  {Deprecated: day(2020, time.March, 5), BlockCreate: day(2019, time.March, 31), BlockUpdate: day(2019, time.April, 30)},
	"nodejs":          {Deprecated: day(2016, time.October, 31), BlockCreate: day(2016, time.September, 30), BlockUpdate: day(2016, time.October, 31)},
	"python3.14":      {Deprecated: day(2029, time.June, 30)},
	"python3.13":      {Deprecated: day(2029, time.June, 30)},
	"python3.12":      {Deprecated: day(2028, time.October, 31)},
	"python3.11":      {Deprecated: day(2026, time.June, 30)},
	"python3.10":      {Deprecated: day(2026, time.June, 30)},
	"python3.9":       {Deprecated: day(2025, time.December, 15), BlockCreate: day(2027, time.February, 1), BlockUpdate: day(2027, time.March, 3)},
	"python3.8":       {Deprecated: day(2024, time.October, 14), BlockCreate: day(2027, time.February, 1), BlockUpdate: day(2027, time.March, 3)},
	"python3.7":       {Deprecated: day(2023, time.December, 4), BlockCreate: day(2024, time.January, 9), BlockUpdate: day(2027, time.March, 3)},
	"python3.6":       {Deprecated: day(2022, time.July, 18), BlockCreate: day(2022, time.July, 18), BlockUpdate: day(2022, time.August, 29)},
	"python2.7":       {Deprecated: day(2021, time.July, 15), BlockCreate: day(2021, time.July, 15), BlockUpdate: day(2022, time.May, 30)},
	"java25":          {Deprecated: day(2029, time.June, 30)},
	"java21":          {Deprecated: day(2029, time.June, 30)},
	"java17":          {Deprecated: day(2026, time.June, 30)},
	"java11":          {Deprecated: day(2026, time.June, 30)},
	"java8.al2":       {Deprecated: day(2026, time.June, 30)},
	"java8":           {Deprecated: day(2024, time.January, 8), BlockCreate: day(2024, time.February, 8), BlockUpdate: day(2027, time.March, 3)},
	"dotnet10":        {Deprecated: day(2028, time.November, 14)},
	"dotnet8":         {Deprecated: day(2026, time.November, 10)},
	"dotnet7":         {Deprecated: day(2024, time.May, 14)},
	"dotnet6":         {Deprecated: day(2024, time.December, 20), BlockCreate: day(2027, time.February, 1), BlockUpdate: day(2027, time.March, 3)},
	"dotnet5.0":       {Deprecated: day(2022, time.May, 10)},
	"dotnetcore3.1":   {Deprecated: day(2023, time.April, 3), BlockCreate: day(2023, time.April, 3), BlockUpdate: day(2023, time.May, 3)},
	"dotnetcore2.1":   {Deprecated: day(2022, time.January, 5), BlockCreate: day(2022, time.January, 5), BlockUpdate: day(2022, time.April, 13)},
	"dotnetcore2.0":   {Deprecated: day(2019, time.May, 30), BlockCreate: day(2019, time.April, 30), BlockUpdate: day(2019, time.May, 30)},
	"dotnetcore1.0":   {Deprecated: day(2019, time.July, 27), BlockCreate: day(2019, time.June, 30), BlockUpdate: day(2019, time.July, 30)},
	"ruby3.4":         {Deprecated: day(2028, time.March, 31)},
	"ruby3.3":         {Deprecated: day(2027, time.March, 31)},
	"ruby3.2":         {Deprecated: day(2026, time.March, 31), BlockCreate: day(2027, time.February, 1), BlockUpdate: day(2027, time.March, 3)},
	"ruby2.7":         {Deprecated: day(2023, time.December, 7), BlockCreate: day(2024, time.January, 9), BlockUpdate: day(2027, time.March, 3)},
	"ruby2.5":         {Deprecated: day(2021, time.July, 30), BlockCreate: day(2021, time.July, 30), BlockUpdate: day(2022, time.March, 31)},
	"go1.x":           {Deprecated: day(2024, time.January, 8), BlockCreate: day(2024, time.February, 8), BlockUpdate: day(2027, time.March, 3)},
	"provided":        {Deprecated: day(2024, time.January, 8), BlockCreate: day(2024, time.February, 8), BlockUpdate: day(2027, time.March, 3)},
	"provided.al2":    {Deprecated: day(2026, time.July, 31), BlockCreate: day(2027, time.February, 1), BlockUpdate: day(2027, time.March, 3)},
	"provided.al2023": {Deprecated: day(2029, time.June, 30)},
}

// Lifecycle is a runtime's deprecation and the dates Lambda blocks
// function creation and updates on it.
type Lifecycle struct {
	// Deprecated: no more security patches or runtime updates.
	Deprecated time.Time
	// BlockCreate: CreateFunction on the runtime fails from this day on
	// (a deploy that creates the function fails). Zero when not announced.
	BlockCreate time.Time
	// BlockUpdate: UpdateFunctionCode and UpdateFunctionConfiguration on
	// the runtime fail from this day on. Zero when not announced.
	BlockUpdate time.Time
}

// LifecycleOf returns the runtime's lifecycle, false for a runtime the
// table does not know.
func LifecycleOf(rt string) (Lifecycle, bool) {
	l, ok := lifecycles[rt]
	return l, ok
}

// CreateBlocked reports whether Lambda refuses to create functions on the
// runtime on the date now.
func CreateBlocked(rt string, now time.Time) bool {
	l, ok := lifecycles[rt]
	return ok && !l.BlockCreate.IsZero() && !now.Before(l.BlockCreate)
}

// noARM64 lists runtimes that never ran on Graviton (Amazon Linux 1 and
// older language versions); every other runtime offers both architectures.
var noARM64 = map[string]bool{
	"go1.x": true, "java8": true, "provided": true, "nodejs": true,
	"python2.7": true, "python3.6": true, "python3.7": true,
	"nodejs4.3": true, "nodejs4.3-edge": true, "nodejs6.10": true, "nodejs8.10": true, "nodejs10.x": true,
	"dotnetcore1.0": true, "dotnetcore2.0": true, "dotnetcore2.1": true, "ruby2.5": true,
}

// SnapStartSupported reports whether SnapStart works on the runtime: Java 11
// and later, Python 3.12 and later, .NET 8 and later
// (https://docs.aws.amazon.com/lambda/latest/dg/snapstart.html, "Supported
// features and limitations"). The rule holds for versions newer than this
// table too.
func SnapStartSupported(rt string) bool {
	fam, ver := Family(rt)
	switch fam {
	case "java":
		n, err := strconv.Atoi(ver)
		return err == nil && n >= 11
	case "python":
		major, minor, _ := strings.Cut(ver, ".")
		m, err := strconv.Atoi(minor)
		return major == "3" && err == nil && m >= 12
	case "dotnet":
		n, err := strconv.Atoi(ver)
		return err == nil && n >= 8
	}
	return false
}

// Family splits a runtime id: "python3.12" into ("python", "3.12").
func Family(rt string) (family, version string) {
	for _, fam := range []string{"nodejs", "python", "java", "dotnetcore", "dotnet", "ruby", "provided", "go"} {
		if strings.HasPrefix(rt, fam) {
			return fam, strings.TrimPrefix(rt, fam)
		}
	}
	return "", rt
}

// Deprecation returns the date the runtime is (or was) deprecated, and
// false for a runtime the table does not know.
func Deprecation(rt string) (time.Time, bool) {
	l, ok := lifecycles[rt]
	return l.Deprecated, ok
}

// Deprecated reports whether the runtime is deprecated on the date now.
func Deprecated(rt string, now time.Time) bool {
	l, ok := lifecycles[rt]
	return ok && !now.Before(l.Deprecated)
}

// Successor is the runtime of the same family that is supported longest:
// where to move a function from a deprecated one.
func Successor(rt string) string {
	fam, _ := Family(rt)
	switch fam {
	case "go", "provided":
		return "provided.al2023"
	case "dotnetcore":
		fam = "dotnet"
	}
	best := ""
	for id, l := range lifecycles {
		d := l.Deprecated
		f, _ := Family(id)
		if f == fam && (best == "" || d.After(lifecycles[best].Deprecated) || d.Equal(lifecycles[best].Deprecated) && id > best) {
			best = id
		}
	}
	return best
}

// Architectures lists the architectures the runtime runs on.
func Architectures(rt string) []Arch {
	if noARM64[rt] {
		return []Arch{X86_64}
	}
	return []Arch{ARM64, X86_64}
}

// SupportsARM64 reports whether the runtime runs on Graviton.
func SupportsARM64(rt string) bool { return !noARM64[rt] }

// Build is how lambdaperf builds a function's code for a runtime family.
type Build string

// Builds.
const (
	BuildNode   Build = "node"   // esbuild bundle
	BuildGo     Build = "go"     // a Go bootstrap on an OS-only runtime
	BuildJava   Build = "java"   // javac and a reproducible jar
	BuildPython Build = "python" // the handler folder with vendored packages
	BuildDotnet Build = "dotnet" // a dotnet publish folder
)

// BuildOf returns how lambdaperf builds code for the runtime, or "" for a
// family it does not build (ruby, Amazon Linux 1 runtimes).
func BuildOf(rt string) Build {
	switch fam, ver := Family(rt); fam {
	case "nodejs":
		return BuildNode
	case "provided":
		if ver == "" {
			return ""
		}
		return BuildGo
	case "java":
		return BuildJava
	case "python":
		return BuildPython
	case "dotnet":
		return BuildDotnet
	}
	return ""
}

// NodeMajor returns the Node.js major version of a runtime id
// ("nodejs24.x": 24), ok false for other runtimes.
func NodeMajor(rt string) (int, bool) {
	v, ok := strings.CutPrefix(rt, "nodejs")
	if !ok {
		return 0, false
	}
	v, _, _ = strings.Cut(v, ".")
	n, err := strconv.Atoi(v)
	return n, err == nil
}

// CallbacksRemoved reports whether a runtime id is a Node.js runtime that
// no longer runs callback-style handlers (event, context, callback):
// nodejs24.x and later
// (https://docs.aws.amazon.com/lambda/latest/dg/nodejs-handler.html:
// callback-based function handlers are only supported up to Node.js 22).
func CallbacksRemoved(rt string) bool {
	n, ok := NodeMajor(rt)
	return ok && n >= 24
}

// SDKv3Only reports whether a Node.js runtime includes only the AWS SDK
// for JavaScript v3 (@aws-sdk/*), not v2 (aws-sdk): nodejs18.x and later
// (https://docs.aws.amazon.com/lambda/latest/dg/lambda-nodejs.html,
// "Runtime-included SDK versions").
func SDKv3Only(rt string) bool {
	n, ok := NodeMajor(rt)
	return ok && n >= 18
}
