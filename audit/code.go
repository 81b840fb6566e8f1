package audit

import (
	"fmt"
	"strings"

	"github.com/lambdaperf/lambdaperf/handlercode"
)

// code returns what reading the function's handler code found when its
// handler file was parsed, else nil: rules on code say nothing of code
// they could not read (the summary lists it as not inspected).
func code(f *Function) *handlercode.Facts {
	if f.Code.Inspected() {
		return f.Code
	}
	return nil
}

// codeNotRead says why a function's handler code was not read when its
// asset was (a file that does not parse, is too large, ran out of time),
// or "".
func codeNotRead(f *Function) string {
	if f.Code == nil || len(f.Code.NotInspected) == 0 {
		return ""
	}
	var parts []string
	for _, s := range f.Code.NotInspected {
		parts = append(parts, fmt.Sprintf("%s: %s", s.File, s.Reason))
	}
	return "handler code not read (" + strings.Join(parts, "; ") + "): the rules on code could not judge it"
}

// handlerFile names the function's own handler file in messages.
func handlerFile(f *Function) string {
	if f.Code != nil && f.Code.File != "" {
		return f.Code.File
	}
	return f.Handler
}

// codeOnCapacityProvider is what reading the handler code of a function on
// a capacity provider (Lambda Managed Instances) found, or nil: for the
// rules on invocations that run at once in one execution environment,
// which an on-demand function never has.
func codeOnCapacityProvider(f *Function) *handlercode.Facts {
	if f.ManagedInstances == nil {
		return nil
	}
	return code(f)
}

// andMore says how many more of a kind a message leaves unnamed:
// " (and 2 more writes)", or "" for none.
func andMore(n int, one, many string) string {
	switch {
	case n <= 0:
		return ""
	case n == 1:
		return " (and 1 more " + one + ")"
	}
	return fmt.Sprintf(" (and %d more %s)", n, many)
}
