// Package lib is not a main package, so it is no Go entry.
package lib
