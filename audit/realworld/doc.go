// Package realworld holds only tests: it measures the handler-code reader
// and the advisor's rules on Lambda handlers nobody on this project wrote.
//
// testdata/handlers.json names 42 handler files of public repositories
// (AWS samples and documentation, Powertools for AWS Lambda, the
// Serverless Framework's examples, middy's documentation, the Amplify
// CLI's trigger templates and a few personal projects), each by
// repository, path, commit and licence, and gives for each the runtime and
// handler it is deployed with, the event source its repository wires it
// to, and a human judgement, written before the rules were run on it, of
// which rule ids must fire (the true mistakes) with a reason each. The
// files themselves are other projects' code and are not committed:
// TestRealWorldHandlers runs when LAMBDAPERF_REALWORLD_DIR names a folder
// holding them, each named as its "fixture" entry (a header line above the
// code is allowed), and skips otherwise; every rule fix this measurement
// led to has its own unit test in handlercode or audit.
//
// TestRealWorldHandlers builds for each handler the smallest template the
// audit needs (the function, its event source mapping or the permission of
// the service that invokes it, the queue or stream, layers where the
// repository uses them) with the handler file as its code asset, and runs
// the audit on it, as `lambdaperf audit` reads a template beside its
// assets. TypeScript handlers are measured twice: as deployed (compiled to
// JavaScript by the pinned esbuild, the way CDK's NodejsFunction and SAM's
// esbuild build method ship them; judged) and shipped raw as .ts on
// nodejs24.x (parse rate only). It asserts zero false errors, every judged
// breaking mistake found as an error, and every file parsed unless the
// judgement marks it unparseable, and prints the summary that
// docs/advisor.md reports ("Measured on code nobody here wrote").
//
// Nothing here runs the handlers: the audit parses them, and esbuild only
// transforms the TypeScript text.
package realworld
