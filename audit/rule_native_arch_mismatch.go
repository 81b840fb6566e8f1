package audit

import (
	"fmt"
	"strings"
)

var ruleNativeArchMismatch = &Rule{
	ID:       "native-arch-mismatch",
	Severity: Error,
	Summary:  "native binaries in the code asset built for the other architecture",
	Source:   "https://docs.aws.amazon.com/lambda/latest/dg/foundation-arch.html (migrating to arm64: rebuild native dependencies and binaries for the arm64 architecture)",
	Fix:      "Rebuild native dependencies and binaries for the function's architecture (GOARCH, npm --cpu, pip --platform).",
	check: func(c *checker) {
		for _, f := range c.functions() {
			arch, ok := f.Arch()
			if !ok || f.Asset == nil {
				continue
			}
			var bad []string
			for _, n := range f.Asset.Natives {
				if n.Machine != arch {
					bad = append(bad, fmt.Sprintf("%s (%s, %s)", n.Path, n.Kind, n.Machine))
				}
			}
			if len(bad) == 0 {
				continue
			}
			more := ""
			if len(bad) > 5 {
				more = fmt.Sprintf(" and %d more", len(bad)-5)
				bad = bad[:5]
			}
			c.report(f.Resource,
				fmt.Sprintf("%s runs on %s but its code carries native binaries for another architecture: %s%s. They fail to load at run time (\"Exec format error\", \"invalid ELF header\").", name(f.Resource), arch, strings.Join(bad, ", "), more),
				fmt.Sprintf("Rebuild for %s: Go with GOARCH=%s; npm with --cpu=%s --os=linux (or install on a matching machine); pip with --platform manylinux2014_%s --only-binary=:all:.", arch, goArch(arch), goArch(arch), pyArch(arch)))
		}
	},
}

func goArch(arch string) string {
	if arch == ArchARM64 {
		return "arm64"
	}
	return "amd64"
}

func pyArch(arch string) string {
	if arch == ArchARM64 {
		return "aarch64"
	}
	return "x86_64"
}
