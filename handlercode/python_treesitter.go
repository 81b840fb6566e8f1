//go:build cgo

package handlercode

import (
	"fmt"

	sitter "github.com/tree-sitter/go-tree-sitter"
	tspython "github.com/tree-sitter/tree-sitter-python/bindings/go"
)

// pythonParser names the grammar in messages.
const pythonParser = "tree-sitter-python v0.23.6"

// maxPyNodes and maxPyDepth bound the tree copied out of tree-sitter for
// one file: its size, and the nesting the copy recurses through.
const (
	maxPyNodes = 4_000_000
	maxPyDepth = 2_000
)

// parsePython parses Python source with the tree-sitter grammar and copies
// the tree into plain Go nodes. A tree with an error or a missing node
// (the grammar recovers from syntax errors) is a syntax error here: its
// facts could be wrong, so the file is reported as not inspected.
func parsePython(src []byte) (*pyNode, error) {
	p := sitter.NewParser()
	defer p.Close()
	if err := p.SetLanguage(sitter.NewLanguage(tspython.Language())); err != nil {
		return nil, err
	}
	tree := p.Parse(src, nil)
	if tree == nil {
		return nil, fmt.Errorf("%s returned no tree", pythonParser)
	}
	defer tree.Close()
	root := tree.RootNode()
	if root.HasError() {
		return nil, fmt.Errorf("syntax error at line %d (%s)", firstError(root)+1, pythonParser)
	}
	count := 0
	var copyNode func(n *sitter.Node, field string, depth int) (*pyNode, error)
	copyNode = func(n *sitter.Node, field string, depth int) (*pyNode, error) {
		count++
		if count > maxPyNodes {
			return nil, fmt.Errorf("more than %d syntax nodes", maxPyNodes)
		}
		if depth > maxPyDepth {
			return nil, fmt.Errorf("nested more than %d levels deep", maxPyDepth)
		}
		out := &pyNode{Kind: n.Kind(), Field: field, Named: n.IsNamed(), Start: int(n.StartByte()), End: int(n.EndByte()), Line: int(n.StartPosition().Row) + 1}
		c := n.Walk()
		defer c.Close()
		if c.GotoFirstChild() {
			for {
				child, err := copyNode(c.Node(), c.FieldName(), depth+1)
				if err != nil {
					return nil, err
				}
				out.Children = append(out.Children, child)
				if !c.GotoNextSibling() {
					break
				}
			}
		}
		return out, nil
	}
	return copyNode(root, "", 0)
}

// firstError finds the row of the first error or missing node.
func firstError(n *sitter.Node) uint {
	if n.IsError() || n.IsMissing() {
		return n.StartPosition().Row
	}
	for i := uint(0); i < n.ChildCount(); i++ {
		if c := n.Child(i); c != nil && (c.HasError() || c.IsMissing()) {
			return firstError(c)
		}
	}
	return n.StartPosition().Row
}
