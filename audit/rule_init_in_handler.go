package audit

import (
	"fmt"
	"strings"
)

var ruleInitInHandler = &Rule{
	ID:       "client-in-handler",
	Severity: Warning,
	Summary:  "an SDK client, database or cache connection, or parsed configuration built inside the handler on every invocation instead of at init",
	Source:   "https://docs.aws.amazon.com/lambda/latest/dg/best-practices.html#function-code (initialize SDK clients and database connections outside of the function handler, and cache static assets locally, so later invocations reuse them)",
	Fix:      "Build SDK clients, database and cache connections and parsed configuration once at module level (init), outside the handler, and reuse them; or cache each in a module-level variable on first use.",
	check: func(c *checker) {
		for _, f := range c.userFunctions() {
			code := code(f)
			if code == nil {
				continue
			}
			for _, k := range code.Constructions {
				if k.Phase != "invocation" || k.Cached {
					continue
				}
				c.report(f.Resource,
					fmt.Sprintf("%s builds %s (%s) inside its handler at %s: every invocation pays for it again (a new client resolves credentials and opens new TLS connections; a new database or cache connection adds round trips and can exhaust the server's connection limit).", name(f.Resource), article(string(k.Kind)), k.Name, k.Pos),
					fmt.Sprintf("Build it once at module level (init), outside the handler, and reuse it: move `%s` above the handler, or cache it in a module-level variable on first use.", k.Name))
				break
			}
		}
	},
}

// article prefixes a noun with "a" or "an".
func article(noun string) string {
	if noun != "" && strings.ContainsRune("AEIOUaeiou", rune(noun[0])) {
		return "an " + noun
	}
	return "a " + noun
}
