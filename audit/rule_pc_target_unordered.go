package audit

import "fmt"

var rulePCTargetUnordered = &Rule{
	ID:       "pc-target-unordered",
	Severity: Error,
	Summary:  "a scalable target with a literal function:NAME:ALIAS ResourceId and nothing ordering it after the alias",
	Source:   "https://github.com/aws/aws-cdk/issues/7903 (Application Auto Scaling validates the alias when the target is registered: \"Cannot find alias arn\") and https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-attribute-dependson.html (resources without a dependency are created in parallel)",
	Fix:      "Build the scalable target's ResourceId from the alias (alias.addAutoScaling), or make the target depend on the alias.",
	check: func(c *checker) {
		for _, st := range c.model.Stacks {
			for _, t := range st.ScalableTargets {
				if !t.LiteralResourceID || t.Alias == nil || t.OrderedAfterAlias {
					continue
				}
				c.report(t.Resource,
					fmt.Sprintf("%s names alias %q of %s by a literal ResourceId and neither references the alias (%s) nor depends on it: CloudFormation may create the target first, and registration fails with \"Cannot find alias arn\" on a new stack.", name(t.Resource), t.Alias.Name, literalFunctionName(t), t.Alias.LogicalID),
					"Build the ResourceId from the alias (CDK: alias.addAutoScaling(...), or resourceId: `function:${alias.functionName}`), or add a dependency: target.node.addDependency(alias).")
			}
		}
	},
}

func literalFunctionName(t *ScalableTarget) string {
	if f := t.TargetFunction(); f != nil {
		return name(f.Resource)
	}
	return "its function"
}
