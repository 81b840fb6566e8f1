// Package cdkfixtures holds only tests: for every rule of package audit, a
// CDK stack built with lambdaperf's constructs (cases where the rule must
// pass) and with plain aws-cdk-lib L2 and L1 constructs (cases where it
// must fire), synthesized in one app and audited from the cloud assembly.
//
// The hand-written templates under audit/testdata/rules test the rules'
// edge cases in pure Go; these fixtures prove the rules read what CDK
// really synthesizes: construct paths, asset metadata, staged bundles,
// versions, aliases and scalable targets as CDK names and links them.
package cdkfixtures
