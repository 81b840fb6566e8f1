package audit

import "fmt"

var ruleDeprecatedRuntime = &Rule{
	ID:       "deprecated-runtime",
	Severity: Warning,
	Summary:  "a deprecated runtime",
	Source:   runtimesDoc + " (deprecated runtimes get no security patches; creating, then updating, functions on them is blocked)",
	check: func(c *checker) {
		for _, f := range c.userFunctions() {
			rt := f.RuntimeName()
			date, ok := runtimeDeprecation[rt]
			if !ok || c.opts.Now.Before(date) {
				continue
			}
			c.report(f.Resource,
				fmt.Sprintf("%s runs %s, deprecated since %s: no security patches or runtime updates, and Lambda blocks updates to it soon after.", name(f.Resource), rt, date.Format("2006-01-02")),
				fmt.Sprintf("Move to %s and test the handler on it.", successor(rt)))
		}
	},
}

// successor is the supported runtime of the same family that lives longest.
func successor(rt string) string {
	fam, _ := runtimeFamily(rt)
	switch fam {
	case "go", "provided":
		return "provided.al2023"
	case "dotnetcore":
		fam = "dotnet"
	}
	best := ""
	for id, d := range runtimeDeprecation {
		f, _ := runtimeFamily(id)
		if f == fam && (best == "" || d.After(runtimeDeprecation[best]) || d.Equal(runtimeDeprecation[best]) && id > best) {
			best = id
		}
	}
	return best
}
