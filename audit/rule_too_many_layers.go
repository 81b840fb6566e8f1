package audit

import (
	"fmt"

	"github.com/lambdaperf/lambdaperf/lambda"
)

var ruleTooManyLayers = &Rule{
	ID:       "too-many-layers",
	Severity: Error,
	Summary:  "more than 5 layers",
	Source:   "https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html (layers: 5 per function)",
	Fix:      "Merge layers, or bundle the libraries into the function's own package.",
	check: func(c *checker) {
		for _, f := range c.functions() {
			if f.LayersUnknown || lambda.LayersFit(len(f.Layers)) {
				continue
			}
			c.report(f.Resource,
				fmt.Sprintf("%s uses %d layers; Lambda allows %d: the deploy fails.", name(f.Resource), len(f.Layers), lambda.MaxLayers),
				"Merge layers, or bundle the libraries into the function's own package (a bundler tree-shakes them, layers are loaded whole).")
		}
	},
}
