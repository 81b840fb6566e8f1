// Command app synthesizes lambdaperf's reference stacks (cdk.json runs it).
package main

import (
	"os"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"

	"github.com/lambdaperf/lambdaperf/stacks"
)

func main() {
	defer jsii.Close()
	// No stack traces in annotations: from Go they point into the jsii
	// runtime (program.js), and `cdk synth` prints that line above every
	// warning as if it were the source.
	app := awscdk.NewApp(&awscdk.AppProps{StackTraces: jsii.Bool(false)})
	stacks.All(app, env())
	app.Synth(nil)
}

// env pins the stacks to an account and region only when the CDK CLI knows
// the account (it has credentials, as for `cdk deploy`). Without one, as in
// CI, the stacks stay environment-agnostic: the CLI sets CDK_DEFAULT_REGION
// even without credentials, so the region alone does not pin them.
func env() *awscdk.Environment {
	account := os.Getenv("CDK_DEFAULT_ACCOUNT")
	if account == "" {
		return nil
	}
	e := &awscdk.Environment{Account: jsii.String(account)}
	if region := os.Getenv("CDK_DEFAULT_REGION"); region != "" {
		e.Region = jsii.String(region)
	}
	return e
}
