package audit

import (
	"fmt"

	"github.com/lambdaperf/lambdaperf/lambda"
)

var ruleCodeAssetOverLimit = &Rule{
	ID:       "code-asset-over-limit",
	Severity: Error,
	Summary:  "a code asset that holds more than Lambda deploys: 250 MiB unzipped, one file or all of them (not read: a zip bomb or a sparse file costs nothing to refuse)",
	Source:   lambda.QuotasDoc + " (250 MB unzipped deployment package, including layers; Lambda writes MB for MiB)",
	Fix:      "Shrink the package below 250 MiB unzipped: bundle and tree-shake (optimizedfn does), move large dependencies to a layer, or ship a container image.",
	check: func(c *checker) {
		for _, f := range c.functions() {
			if f.AssetOverLimit == "" {
				continue
			}
			c.report(f.Resource,
				fmt.Sprintf("The code of %s was not inspected: %s. Lambda deploys no package over %d MiB unzipped, layers included: the deploy fails.", name(f.Resource), f.AssetOverLimit, lambda.MaxUnzippedBytes>>20),
				"Shrink the package: bundle and minify (optimizedfn does both), move large data to S3 or EFS, or ship the function as a container image. If the asset is not yours, do not deploy it: the sizes its headers declare are what Lambda would unzip.")
		}
	},
}
