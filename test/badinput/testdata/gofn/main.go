// Command gofn is a valid Go entry: each bad-input row breaks one prop
// around it. It is never built.
package main

func main() {}
