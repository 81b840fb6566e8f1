package optimizedfn

import "strings"

// secretReference starts a CloudFormation dynamic reference to a Secrets
// Manager secret ({{resolve:secretsmanager:...}}), what CDK writes for
// SecretValue.unsafeUnwrap(). In a function's environment CloudFormation
// resolves it into the plain-text configuration, readable by anyone who
// can read the function
// (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/dynamic-references-secretsmanager.html).
const secretReference = "{{resolve:secretsmanager:"

// secretReferenceFix is the way out the refusal names.
const secretReferenceFix = "pass the secret's ARN or name instead and read it at run time with extensions.UseSecret (the AWS Parameters and Secrets Lambda Extension)"

// holdsSecretReference reports whether an environment value is, or
// contains, a Secrets Manager dynamic reference.
func holdsSecretReference(value string) bool { return strings.Contains(value, secretReference) }
