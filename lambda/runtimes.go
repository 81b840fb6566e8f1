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

// runtimeDeprecation is the date each managed runtime is (or was) deprecated,
// from the "Supported runtimes" and "Deprecated runtimes" tables of the
// Lambda runtimes page. After that date the runtime gets no security
// patches, and function creation, then updates, are blocked weeks later.
var runtimeDeprecation = map[string]time.Time{
	"nodejs24.x":      day(2028, time.April, 30),
	"nodejs22.x":      day(2027, time.April, 30),
	"nodejs20.x":      day(2026, time.April, 30),
	"nodejs18.x":      day(2025, time.September, 1),
	"nodejs16.x":      day(2024, time.June, 12),
	"nodejs14.x":      day(2023, time.December, 4),
	"nodejs12.x":      day(2023, time.March, 31),
	"nodejs10.x":      day(2021, time.July, 30),
	"nodejs8.10":      day(2020, time.March, 6),
	"nodejs6.10":      day(2019, time.August, 12),
	"nodejs4.3":       day(2020, time.March, 5),
	"nodejs4.3-edge":  day(2020, time.March, 5),
	"nodejs":          day(2016, time.October, 31),
	"python3.14":      day(2029, time.June, 30),
	"python3.13":      day(2029, time.June, 30),
	"python3.12":      day(2028, time.October, 31),
	"python3.11":      day(2026, time.June, 30),
	"python3.10":      day(2026, time.June, 30),
	"python3.9":       day(2025, time.December, 15),
	"python3.8":       day(2024, time.October, 14),
	"python3.7":       day(2023, time.December, 4),
	"python3.6":       day(2022, time.July, 18),
	"python2.7":       day(2021, time.July, 15),
	"java25":          day(2029, time.June, 30),
	"java21":          day(2029, time.June, 30),
	"java17":          day(2026, time.June, 30),
	"java11":          day(2026, time.June, 30),
	"java8.al2":       day(2026, time.June, 30),
	"java8":           day(2024, time.January, 8),
	"dotnet10":        day(2028, time.November, 14),
	"dotnet8":         day(2026, time.November, 10),
	"dotnet7":         day(2024, time.May, 14),
	"dotnet6":         day(2024, time.November, 12),
	"dotnet5.0":       day(2022, time.May, 10),
	"dotnetcore3.1":   day(2023, time.April, 3),
	"dotnetcore2.1":   day(2022, time.January, 5),
	"dotnetcore2.0":   day(2019, time.May, 30),
	"dotnetcore1.0":   day(2019, time.July, 27),
	"ruby3.4":         day(2028, time.March, 31),
	"ruby3.3":         day(2027, time.March, 31),
	"ruby3.2":         day(2026, time.March, 31),
	"ruby2.7":         day(2023, time.November, 27),
	"ruby2.5":         day(2021, time.July, 30),
	"go1.x":           day(2024, time.January, 8),
	"provided":        day(2024, time.January, 8),
	"provided.al2":    day(2026, time.June, 30),
	"provided.al2023": day(2029, time.June, 30),
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
	d, ok := runtimeDeprecation[rt]
	return d, ok
}

// Deprecated reports whether the runtime is deprecated on the date now.
func Deprecated(rt string, now time.Time) bool {
	d, ok := runtimeDeprecation[rt]
	return ok && !now.Before(d)
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
	for id, d := range runtimeDeprecation {
		f, _ := Family(id)
		if f == fam && (best == "" || d.After(runtimeDeprecation[best]) || d.Equal(runtimeDeprecation[best]) && id > best) {
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
