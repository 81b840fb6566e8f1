//go:build !cgo

package handlercode

import "errors"

const pythonParser = "tree-sitter-python (needs cgo)"

// parsePython without cgo: the tree-sitter grammar is C, so a build
// without cgo (CGO_ENABLED=0, or no C compiler) reads no Python; every
// Python handler is reported as not inspected, never passed.
func parsePython([]byte) (*pyNode, error) {
	return nil, errors.New("this lambdaperf was built without cgo, which the Python grammar needs (tree-sitter)")
}
