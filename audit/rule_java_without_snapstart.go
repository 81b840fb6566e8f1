package audit

import (
	"fmt"
	"strings"

	"github.com/lambdaperf/lambdaperf/lambda"
)

var ruleJavaWithoutSnapStart = &Rule{
	ID:       "java-without-snapstart",
	Severity: Warning,
	Summary:  "a Java function without SnapStart",
	Source:   "https://docs.aws.amazon.com/lambda/latest/dg/snapstart.html (SnapStart cuts Java cold starts to as low as sub-second, at no extra cost for Java)",
	Fix:      "Turn SnapStart on for published versions (on a runtime that supports it, java21 or later) and invoke through an alias or version.",
	check: func(c *checker) {
		for _, f := range c.userFunctions() {
			rt := f.RuntimeName()
			if !strings.HasPrefix(rt, "java") || f.SnapStartOn() || f.SnapStart.Unknown {
				continue
			}
			if len(provisioned(f)) > 0 {
				continue // provisioned concurrency is the other cure, and excludes SnapStart
			}
			fix := "Turn SnapStart on for published versions (CDK: SnapStart: awslambda.SnapStartConf_ON_PUBLISHED_VERSIONS()) and invoke through an alias or version."
			if !lambda.SnapStartSupported(rt) {
				fix = "Move to java21 and turn SnapStart on for published versions, invoked through an alias."
			}
			c.report(f.Resource,
				fmt.Sprintf("%s runs %s without SnapStart or provisioned concurrency: every cold start pays the JVM start and class loading, often seconds.", name(f.Resource), rt),
				fix)
		}
	},
}
