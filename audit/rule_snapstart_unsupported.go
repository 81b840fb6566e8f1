package audit

import (
	"fmt"
	"strings"

	"github.com/lambdaperf/lambdaperf/lambda"
)

var ruleSnapStartUnsupported = &Rule{
	ID:       "snapstart-unsupported",
	Severity: Error,
	Summary:  "SnapStart on a runtime or configuration that does not support it",
	Source:   "https://docs.aws.amazon.com/lambda/latest/dg/snapstart.html (supported: Java 11+, Python 3.12+, .NET 8+ managed runtimes; not container images, Amazon EFS or ephemeral storage over 512 MB)",
	Fix:      "Turn SnapStart off for the function, or move it to a supported runtime and configuration (Java 11+, Python 3.12+, .NET 8+; no EFS, at most 512 MB of /tmp).",
	check: func(c *checker) {
		for _, f := range c.functions() {
			if !f.SnapStartOn() {
				continue
			}
			var why []string
			if f.PackageType == "Image" {
				why = append(why, "it is a container image")
			} else if rt := f.RuntimeName(); rt != "" && !lambda.SnapStartSupported(rt) {
				why = append(why, fmt.Sprintf("runtime %s is not one of Java 11+, Python 3.12+ or .NET 8+", rt))
			}
			if n, ok := f.EphemeralMiB.Or(lambda.DefaultEphemeralMiB); ok && !lambda.SnapStartEphemeralOK(n) {
				why = append(why, fmt.Sprintf("ephemeral storage is %d MiB (at most %d with SnapStart)", n, lambda.MaxSnapStartEphemeralMiB))
			}
			if f.FileSystems {
				why = append(why, "it mounts an Amazon EFS file system")
			}
			if len(why) == 0 {
				continue
			}
			c.report(f.Resource,
				fmt.Sprintf("%s turns SnapStart on, but %s: the deploy fails.", name(f.Resource), strings.Join(why, "; ")),
				"Turn SnapStart off (ApplyOn None) for this function, or move it to a supported runtime (java21, python3.13, dotnet10) with at most 512 MiB of /tmp and no EFS; for other runtimes use provisioned concurrency against cold starts.")
		}
	},
}
