package layercatalog_test

import (
	"fmt"

	"github.com/lambdaperf/lambdaperf/lambda/layercatalog"
)

func ExampleARN() {
	arn, err := layercatalog.ARN(layercatalog.LambdaInsights, layercatalog.ARM64, "us-east-1")
	fmt.Println(arn, err)
	// Output: arn:aws:lambda:us-east-1:580247275435:layer:LambdaInsightsExtension-Arm64:23 <nil>
}

func ExampleLookupARN() {
	l, ok := layercatalog.LookupARN("arn:aws:lambda:us-east-1:580247275435:layer:LambdaInsightsExtension:56")
	fmt.Println(ok, l.Name, l.Arch, "other build:", l.Other)
	// Output: true Lambda Insights x86_64 other build: LambdaInsightsExtension-Arm64
}
