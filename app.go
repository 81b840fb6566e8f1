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
	app := awscdk.NewApp(nil)
	stacks.NewAPIStack(app, "LambdaPerfApi", &awscdk.StackProps{Env: env()})
	stacks.Check(app)
	app.Synth(nil)
}

// env pins account and region only when the CDK CLI provides them, so the
// stacks stay environment-agnostic otherwise.
func env() *awscdk.Environment {
	account, region := os.Getenv("CDK_DEFAULT_ACCOUNT"), os.Getenv("CDK_DEFAULT_REGION")
	if account == "" && region == "" {
		return nil
	}
	e := &awscdk.Environment{}
	if account != "" {
		e.Account = jsii.String(account)
	}
	if region != "" {
		e.Region = jsii.String(region)
	}
	return e
}
