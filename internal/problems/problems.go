// Package problems is how every lambdaperf construct reports bad input:
// all problems at once (errors.Join), each message starting with the
// construct's kind and path, e.g.
//
//	optimizedfn "Stack/Api": MemorySize must be 128..10240 MiB, got 64: ...
package problems

import (
	"errors"
	"fmt"

	"github.com/aws/constructs-go/constructs/v10"
)

// List collects one construct's problems.
type List struct {
	prefix string
	errs   []error
}

// New starts the list of a construct of kind at path; path is "" where it
// is not known yet (Props.Validate).
func New(kind, path string) *List { return &List{prefix: Prefix(kind, path)} }

// Prefix is kind alone, or kind and the quoted path.
func Prefix(kind, path string) string {
	if path == "" {
		return kind
	}
	return fmt.Sprintf("%s %q", kind, path)
}

// Addf records one problem: what is wrong, the value, and the fix.
func (l *List) Addf(format string, args ...any) {
	l.errs = append(l.errs, fmt.Errorf("%s: "+format, append([]any{l.prefix}, args...)...))
}

// Err is every problem joined, or nil when there is none.
func (l *List) Err() error { return errors.Join(l.errs...) }

// Path is the construct path that a child id of scope gets, for messages
// written before the child exists.
func Path(scope constructs.Construct, id *string) string {
	if parent := *scope.Node().Path(); parent != "" {
		return parent + "/" + *id
	}
	return *id
}
