package optimizedfn

// secretReferenceFix is the way out a refusal of a Secrets Manager dynamic
// reference in the environment names (lambda.HoldsSecretReference).
const secretReferenceFix = "pass the secret's ARN or name instead and read it at run time with extensions.UseSecret (the AWS Parameters and Secrets Lambda Extension)"
