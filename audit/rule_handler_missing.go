package audit

import "fmt"

var ruleHandlerMissing = &Rule{
	ID:       "handler-missing",
	Severity: Error,
	Summary:  "the handler's file or export is not in the code asset",
	Source:   "https://docs.aws.amazon.com/lambda/latest/dg/nodejs-handler.html and https://docs.aws.amazon.com/lambda/latest/dg/python-handler.html (the Handler names file.function; the runtime fails every invocation with Runtime.ImportModuleError or Runtime.HandlerNotFound when either is missing); resolution as the runtime interface clients do it",
	Fix:      "Point Handler at a file and export the asset has, or package the file and export the function under the Handler's name: a NodejsFunction's Handler names the export only (\"handler\"), a Function's names file.export (\"index.handler\"; Python: module.function).",
	check: func(c *checker) {
		for _, f := range c.userFunctions() {
			code := f.Code
			if code == nil || code.Missing == nil {
				continue
			}
			// A layer can hold the handler's module (NODE_PATH and
			// sys.path include /opt): only a missing export is certain then.
			if code.Missing.What == "file" && (len(f.Layers) > 0 || f.LayersUnknown) {
				continue
			}
			what := "its file"
			fix := fmt.Sprintf("Point Handler at a file and function the asset has (%s), or package the file: a NodejsFunction's Handler names the export only (\"handler\"), a Function's names file.export (\"index.handler\").", code.Missing.Detail)
			if code.Missing.What == "export" {
				what = "its export"
				fix = fmt.Sprintf("Export the function under that name, or set Handler to the name it has (%s).", code.Missing.Detail)
			}
			c.report(f.Resource,
				fmt.Sprintf("The handler %s of %s is not in its code asset (%s missing): %s; every invocation fails.", f.Handler, name(f.Resource), what, code.Missing.Detail),
				fix)
		}
	},
}
