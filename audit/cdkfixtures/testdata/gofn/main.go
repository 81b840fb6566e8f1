// Command gofn is the Go handler of the bootstrap fixtures: built by
// lambdaperf's optimized function for the passing cases, and with a plain
// `go build` (no stripping, other architecture) for the firing ones.
package main

import "fmt"

func main() { fmt.Println("bootstrap") }
