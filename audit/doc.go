// Package audit checks Lambda functions against the lambdaperf performance
// playbook, the way cdk-nag checks security: a neutral model of each function
// (its alias, version, scaling, log group and code asset) goes through a set
// of rules, and every rule that matches yields a Finding with a stable rule
// id, a severity, a message, a fix and the source the rule comes from.
//
// The model is what package assembly reads from synthesized CloudFormation
// (a template file, or a cloud assembly folder such as cdk.out with its code
// assets), so any CDK app can be audited whatever its language. The package
// is plain Go and imports nothing from CDK or jsii: the CDK aspect in
// constructs/advisor builds the same model from the construct tree and runs
// the same rules.
//
// Values the model cannot know from a template (an intrinsic function it
// cannot resolve, a parameter) are unknown, and rules skip them rather than
// guess. A value inside Fn::If is the exception for the error rules: they
// run again with each condition decided both ways, and a finding only a
// branch makes names the condition. One rule runs code: node-callback-
// handler loads Node.js bundles with node, the AWS SDK stubbed
// (Options.NoHandlerLoad turns it off).
package audit
