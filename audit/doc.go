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
// branch makes names the condition.
//
// The rules on code read what package handlercode found in each
// function's handler (Function.Code): the handler resolved as the runtime
// resolves it, what is built at init and per invocation, the modules
// loaded, how a batch's records are read, swallowed errors. The code is
// parsed, never loaded or run; a handler that could not be parsed is
// listed in Report.NotInspected, and the rules on code say nothing of it.
package audit
