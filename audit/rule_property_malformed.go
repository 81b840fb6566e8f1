package audit

import "fmt"

var rulePropertyMalformed = &Rule{
	ID:       "property-malformed",
	Severity: Error,
	Summary:  "a property of a type CloudFormation refuses (MemorySize \"lots\", Timeout [1]), which every other rule would skip as unknown",
	Source:   "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-template-resource-type-ref.html (the type of each resource property)",
	Fix:      "Give the property the type CloudFormation requires (a number for MemorySize and Timeout, a list for Architectures, ...): the deploy fails on it as it is.",
	check: func(c *checker) {
		for _, st := range c.model.Stacks {
			for _, m := range st.Malformed {
				if m.Property == "" || m.Property == "Type" {
					c.report(m.Resource,
						fmt.Sprintf("Resource %s is %s, not %s: CloudFormation refuses the template.", m.LogicalID, m.Value, m.Want),
						"Make every entry of Resources an object with a Type (and Properties, an object).")
					continue
				}
				c.report(m.Resource,
					fmt.Sprintf("%s has %s %s, not %s: CloudFormation refuses the template, and no other rule judged this value.", name(m.Resource), m.Property, m.Value, m.Want),
					fmt.Sprintf("Give %s %s, as the %s reference does, or an intrinsic function ({\"Ref\": ...}, {\"Fn::...\": ...}).", m.Property, m.Want, m.Type))
			}
		}
	},
}
