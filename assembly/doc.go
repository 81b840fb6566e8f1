// Package assembly reads synthesized CloudFormation: a cloud assembly
// folder (cdk.out, with its manifest, nested assemblies, nested stacks and
// code assets) or a single template, into a neutral model of each Lambda
// function (its alias, version, scaling, log group and code asset).
//
// It resolves the intrinsic functions CDK writes (Ref, Fn::GetAtt,
// Fn::Join, Fn::Sub, Fn::FindInMap over region maps) where it can; values
// it cannot know before deploy are unknown, and the callers skip them
// rather than guess. The advisor (package audit) judges the model, and the
// local invoke and report commands read functions from it. The package is
// plain Go and imports nothing from CDK or jsii.
package assembly
