// Command orders synthesizes the orders service (cdk.json runs it).
package main

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"

	"example.com/orders/infra"
)

func main() {
	defer jsii.Close()
	// No stack traces in annotations: from Go they point into the jsii
	// runtime (program.js), and `cdk synth` prints that line above every
	// warning as if it were the source.
	app := awscdk.NewApp(&awscdk.AppProps{StackTraces: jsii.Bool(false)})
	infra.NewOrdersStack(app, "Orders", nil)
	app.Synth(nil)
}
