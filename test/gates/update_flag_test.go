package gates

import "github.com/lambdaperf/lambdaperf/snapshot"

// -update rewrites this package's golden files (snapshot.Golden).
func init() { snapshot.DefineUpdateFlag() }
