// Package main does not compile: line 6 calls what is not defined.
package main

func main() {
	// undefinedThing is not declared anywhere.
	undefinedThing()
}
