// Package costmodel prices AWS Lambda functions before they are deployed.
//
// It turns the serverless performance playbook's money rules into code:
// memory buys CPU ([VCPUs]), duration is billed per 1 ms at a price per
// GB-second ([Monthly], [CostPerMillion]), faster can be cheaper
// ([RightSize]), provisioned concurrency pays off above a utilization
// ([ProvisionedBreakeven]), and arm64 is cheaper per GB-second ([PricesFor]).
//
// It also prices the third compute model, Lambda Managed Instances: EC2
// instances a capacity provider runs, billed as the instance price plus a
// 15 % management fee on the on-demand price plus requests, with no
// duration charge ([ManagedInstancesBill], [ManagedMonthly], instance
// prices with their source in [InstanceFor]). [Compare] prices one steady
// [Load] on all three models and [RateBreakevens] finds the request rates
// where the cheapest model changes.
//
// The package uses the standard library and Lambda's own facts (package
// lambda) only, so reports, audits and command-line tools can price a
// function without starting the CDK's jsii runtime.
//
// Free tiers are not applied: the results are list prices. Savings Plans
// and Reserved Instances apply only to Managed Instances' instance charge,
// when a [Commitment] is given.
package costmodel
