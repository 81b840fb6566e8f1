// Package release names the lambdaperf release this source is. One
// version, in four places that test/install checks agree: Version here
// (what `lambdaperf version` prints), the latest release heading of
// CHANGELOG.md, the git tag the release is published under (vX.Y.Z on the
// commit that has them, see docs/releasing.md), and the module version a
// Go proxy serves, which `go install ...@vX.Y.Z` stamps into the binary.
package release

import "runtime/debug"

// Version is the release: a canonical semantic version, below v1 while
// the API may still change in a minor version (see CHANGELOG.md).
const Version = "v0.1.0"

// String is what `lambdaperf version` prints: the release, and the module
// version the binary was built from when that is another one (a build of
// a checkout carries a pseudo-version such as v0.1.1-0.20261206...).
func String() string {
	s := "lambdaperf " + Version
	if built := moduleVersion(); built != "" && built != Version && built != "(devel)" {
		s += " (built from " + built + ")"
	}
	return s
}

// moduleVersion is the main module's version from the build information:
// the version `go install` fetched, a VCS pseudo-version, or "(devel)".
func moduleVersion() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return ""
	}
	return bi.Main.Version
}
