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
