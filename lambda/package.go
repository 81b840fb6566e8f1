package lambda

// MaxUnzippedBytes is the most a .zip deployment package may hold once
// extracted, together with the function's layers: "250 MB ... The maximum
// size of the contents of a deployment package, including layers and
// custom runtimes. (unzipped)" (QuotasDoc, Deployment package (.zip file
// archive) size). Lambda writes MB for MiB: its API refuses a larger
// package with "Unzipped size must be smaller than 262144000 bytes", and
// 262,144,000 bytes is 250 MiB.
//
// No single file of a package can be larger either, so a reader of code
// assets caps each file and the sum at this size: what it refuses could
// not be deployed.
const MaxUnzippedBytes int64 = 250 << 20

// PackageFits reports whether a package (with its layers) of n bytes
// unzipped can be deployed.
func PackageFits(n int64) bool { return n <= MaxUnzippedBytes }
