package extensions_test

import (
	"fmt"

	"github.com/lambdaperf/lambdaperf/constructs/extensions"
	"github.com/lambdaperf/lambdaperf/lambda/layercatalog"
)

// Extensions go in optimizedfn.Props.Layers; they follow the function's
// architecture and the stack's region:
//
//	fn := optimizedfn.New(stack, jsii.String("Api"), &optimizedfn.Props{
//		Entry:  "functions/api/index.ts",
//		Layers: []extensions.Layer{extensions.ParametersAndSecrets(nil), extensions.LambdaInsights()},
//	})
//	extensions.UseSecret(fn, secret, "API_KEY_SECRET_NAME")
//
// Validation needs no synthesis: a known layer built for the other
// architecture is an error.
func ExampleFromARN() {
	insightsX86 := "arn:aws:lambda:eu-west-1:580247275435:layer:LambdaInsightsExtension:56"
	problems, _ := extensions.FromARN(insightsX86).Spec().Check(extensions.ARM64)
	fmt.Println(len(problems))

	_, warning := extensions.FromARN("arn:aws:lambda:eu-west-1:123456789012:layer:my-lib:3", extensions.ARM64).Spec().Check(extensions.ARM64)
	fmt.Println(warning != "")
	// Output:
	// 1
	// true
}

// Environment variables that name a secret and hold a literal value.
func ExampleLooksLikeSecrets() {
	fmt.Println(extensions.LooksLikeSecrets(map[string]string{
		"DB_PASSWORD":    "hunter2",
		"DB_SECRET_NAME": "prod/db", // a reference, fine
		"TABLE_NAME":     "orders",
	}))
	// Output: [DB_PASSWORD]
}

// The catalog behind the extensions.
func ExampleParametersAndSecrets() {
	arn, _ := layercatalog.ARN(layercatalog.ParametersAndSecrets, layercatalog.ARM64, "eu-west-1")
	fmt.Println(arn)
	// Output: arn:aws:lambda:eu-west-1:015030872274:layer:AWS-Parameters-and-Secrets-Lambda-Extension-Arm64:4
}
