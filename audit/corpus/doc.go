// Package corpus holds only tests: small CDK apps written the way other
// teams write them (plain JavaScript, aws-cdk-lib from npm: NodejsFunction
// with defaults, hand-rolled autoscaling, dashboards from metricDuration(),
// conditions), each with the mistakes the advisor must catch. Each app is
// synthesized twice, by the pinned cdk CLI and by app.synth() without the
// CLI, and both cloud assemblies are committed under testdata (regenerate
// with go test ./audit/corpus -regenerate). The tests assert every
// expected finding, no unexpected one, and the same audit both ways.
package corpus
