package audit

import (
	"fmt"
	"regexp"
	"strings"
)

var ruleAliasFromVersion = &Rule{
	ID:       "alias-from-version",
	Severity: Warning,
	Summary:  "an alias created with Version.addAlias, replaced on every deploy",
	Source:   "https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.aws_lambda.Version.html#addwbraliasaliasname-options (deprecated: the alias is replaced on every function update)",
	Fix:      "Create the alias from the function (fn.AddAlias, or awslambda.NewAlias with Version: fn.CurrentVersion()), not with Version.addAlias.",
	check: func(c *checker) {
		for _, st := range c.model.Stacks {
			for _, a := range st.Aliases {
				if a.Version == nil || !aliasUnderVersion(a) {
					continue
				}
				c.report(a.Resource,
					fmt.Sprintf("alias %q was created with Version.addAlias: CloudFormation replaces it whenever the function changes, and its provisioned concurrency is rebuilt with it.", a.Name),
					"Create the alias from the function: fn.AddAlias(\"live\", ...) or awslambda.NewAlias(scope, id, &AliasProps{Version: fn.CurrentVersion(), ...}).")
			}
		}
	},
}

// CDK's current version gets a logical id that ends in an 8-character path
// hash and a 32-character hash of the function's configuration.
var reCurrentVersionID = regexp.MustCompile(`^(.+)[0-9A-F]{8}[0-9a-f]{32}$`)

// aliasUnderVersion reports whether the alias construct is a child of its
// version's construct: by construct path when the template has them, else
// by the logical id CDK derives from that path.
func aliasUnderVersion(a *Alias) bool {
	if a.Path != "" && a.Version.Path != "" {
		versionScope := strings.TrimSuffix(a.Version.Path, "/Resource")
		aliasScope := strings.TrimSuffix(a.Path, "/Resource")
		i := strings.LastIndex(aliasScope, "/")
		return i > 0 && aliasScope[:i] == versionScope
	}
	m := reCurrentVersionID.FindStringSubmatch(a.Version.LogicalID)
	return m != nil && strings.HasPrefix(a.LogicalID, m[1]+"Alias")
}
