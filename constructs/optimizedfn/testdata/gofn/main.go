// Command gofn is a minimal main package for bundling tests.
package main

import "fmt"

func main() { fmt.Println("bootstrap") }
