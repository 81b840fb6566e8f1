package audit

import (
	"fmt"

	"github.com/lambdaperf/lambdaperf/lambda"
)

var ruleX86WhereARM64 = &Rule{
	ID:       "x86-where-arm64",
	Severity: Warning,
	Summary:  "x86_64 where arm64 (Graviton) would do",
	Source:   "https://docs.aws.amazon.com/lambda/latest/dg/foundation-arch.html (arm64 offers up to 34% better price performance than x86_64)",
	Fix:      "Set Architectures to [arm64], rebuild native dependencies for arm64 and switch architecture-specific layers to their arm64 builds.",
	check: func(c *checker) {
		for _, f := range c.userFunctions() {
			arch, ok := f.Arch()
			if !ok || arch != ArchX86 {
				continue
			}
			rt := f.RuntimeName()
			if f.PackageType != "Image" && (rt == "" || !lambda.SupportsARM64(rt)) {
				continue
			}
			natives := 0
			if f.Asset != nil {
				natives = len(f.Asset.Natives)
			}
			msg := fmt.Sprintf("%s runs on x86_64; arm64 costs about 20%% less per GB-second and is usually as fast or faster.", name(f.Resource))
			if natives > 0 {
				msg += fmt.Sprintf(" Its package has %d native binaries to rebuild for arm64 first.", natives)
			}
			c.report(f.Resource, msg,
				"Set Architectures to [arm64] (CDK: Architecture: awslambda.Architecture_ARM_64()), rebuild native dependencies for arm64 and switch architecture-specific layers to their arm64 builds.")
		}
	},
}
