package audit

import "fmt"

var ruleLayerArchMismatch = &Rule{
	ID:       "layer-arch-mismatch",
	Severity: Error,
	Summary:  "a known layer built for the other architecture",
	Source:   "https://docs.aws.amazon.com/lambda/latest/dg/foundation-arch.html (layers and extensions with native code must match the function's architecture); layer names from each extension's version list",
	Fix:      "Use the layer's build for the function's architecture (same account and version list), or change the function's architecture.",
	check: func(c *checker) {
		for _, f := range c.functions() {
			arch, ok := f.Arch()
			if !ok {
				continue
			}
			for _, l := range f.Layers {
				names := layerNames(l)
				if len(names) == 0 {
					continue
				}
				k, known := layerArch(names[0])
				if !known || k.arch == arch {
					continue
				}
				same := true
				for _, n := range names[1:] {
					if o, ok := layerArch(n); !ok || o.arch != k.arch {
						same = false
					}
				}
				if !same {
					continue
				}
				c.report(f.Resource,
					fmt.Sprintf("%s runs on %s but uses layer %s, the %s build of %s: the extension does not start and every invoke pays for it.", name(f.Resource), arch, names[0], k.arch, k.product),
					fmt.Sprintf("Use the %s build, layer %s (same account and version list), or change the function's architecture.", arch, k.other))
			}
		}
	},
}
