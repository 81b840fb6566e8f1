// Package costmodel prices AWS Lambda functions before they are deployed.
//
// It turns the serverless performance playbook's money rules into code:
// memory buys CPU ([VCPUs]), duration is billed per 1 ms at a price per
// GB-second ([Monthly], [CostPerMillion]), faster can be cheaper
// ([RightSize]), provisioned concurrency pays off above a utilization
// ([ProvisionedBreakeven]), and arm64 is cheaper per GB-second ([PricesFor]).
//
// The package uses the standard library and Lambda's own facts (package
// lambda) only, so reports, audits and command-line tools can price a
// function without starting the CDK's jsii runtime.
//
// Free tiers and Savings Plans are not applied: the results are list prices.
package costmodel
