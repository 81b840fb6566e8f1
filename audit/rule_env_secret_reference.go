package audit

import (
	"fmt"
	"strings"
)

var ruleEnvSecretReference = &Rule{
	ID:       "env-secret-reference",
	Severity: Error,
	Summary:  "a Secrets Manager dynamic reference ({{resolve:secretsmanager:...}}) in a function's environment",
	Source:   "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/dynamic-references-secretsmanager.html (the resolved value is stored in the resource's configuration) and https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html (do not store secrets in environment variables: anyone with lambda:GetFunctionConfiguration reads them)",
	Fix:      "Pass the secret's name or ARN instead and read the value at init or on demand (AWS Parameters and Secrets Lambda Extension; lambdaperf: extensions.UseSecret).",
	check: func(c *checker) {
		for _, f := range c.userFunctions() {
			if len(f.EnvSecretRefs) == 0 {
				continue
			}
			c.report(f.Resource,
				fmt.Sprintf("%s puts a Secrets Manager secret into environment variable(s) %s through a CloudFormation dynamic reference (CDK SecretValue.unsafeUnwrap()): CloudFormation resolves it into the function's configuration, readable in plain text by anyone who can read the function, and a rotated secret is not picked up until the next deploy.", name(f.Resource), strings.Join(f.EnvSecretRefs, ", ")),
				"Pass the secret's name or ARN instead (secret.secretArn) and read it at init or on demand through the AWS Parameters and Secrets Lambda Extension (lambdaperf: extensions.UseSecret), granting secretsmanager:GetSecretValue.")
		}
	},
}
