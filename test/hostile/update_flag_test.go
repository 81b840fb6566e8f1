package hostile

import "github.com/lambdaperf/lambdaperf/snapshot"

// -update rewrites testdata/cases.md (snapshot.Golden).
func init() { snapshot.DefineUpdateFlag() }
