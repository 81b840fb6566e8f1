// Command orders synthesizes the orders service (cdk.json runs it).
package main

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"

	"example.com/orders/infra"
)

func main() {
	defer jsii.Close()
	app := awscdk.NewApp(nil)
	infra.NewOrdersStack(app, "Orders", nil)
	app.Synth(nil)
}
