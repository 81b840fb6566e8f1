// Package corpus holds only tests: small CDK apps written the way other
// teams and the public sample repositories write them (TypeScript with
// typed stack props, aws-cdk-lib from npm: NodejsFunction with defaults
// and .ts handlers, minified bundles with source maps, plain JavaScript and
// Python handlers shipped with Code.fromAsset, SQS, Kinesis, DynamoDB
// Streams, S3 and EventBridge sources, hand-rolled autoscaling, dashboards
// from metricDuration(), conditions), each with the mistakes the advisor
// must catch in the template and in the handler code, and clean twins
// that must stay silent. TestPlantedMistakes lists each planted mistake,
// breaking or not, and checks that every breaking one is an error and no
// other finding is. With no ts-node in node_modules,
// each app runs as a team without it runs one: its cdk.json "app" bundles
// app.ts with the repo's esbuild (--bundle --platform=node
// --packages=external --format=cjs) to .app.cjs beside it and runs that
// with node; the TypeScript is not type-checked (no typescript package).
// Each app is synthesized twice, by the pinned cdk CLI through that
// command and by app.synth() without the CLI (the same command with
// CORPUS_OUTDIR set), and both cloud assemblies are committed under
// testdata (regenerate with go test ./audit/corpus -regenerate). The
// tests assert every expected finding, no unexpected one, and the same
// audit both ways.
package corpus
