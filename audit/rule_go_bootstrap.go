package audit

import (
	"fmt"
	"strings"
)

var ruleGoBootstrap = &Rule{
	ID:       "go-bootstrap-unoptimized",
	Severity: Warning,
	Summary:  "a Go bootstrap built without -tags lambda.norpc or not stripped",
	Source:   "https://docs.aws.amazon.com/lambda/latest/dg/golang-package.html (build with -tags lambda.norpc for provided.al2023); go build -ldflags \"-s -w\" drops the symbol table and DWARF",
	Fix:      "Build with GOOS=linux CGO_ENABLED=0 go build -trimpath -tags lambda.norpc -ldflags \"-s -w\" -o bootstrap (lambdaperf's optimizedfn Go bundler does).",
	check: func(c *checker) {
		for _, f := range c.userFunctions() {
			if f.Asset == nil || f.Asset.Go == nil {
				continue
			}
			g := f.Asset.Go
			var why []string
			if g.UsesLambdaGo && !g.NoRPC {
				why = append(why, "it was built without -tags lambda.norpc, so it links aws-lambda-go's RPC server that only the retired go1.x runtime used")
			}
			if !g.Stripped {
				why = append(why, "it is not stripped (no -ldflags \"-s -w\"), so symbol tables and DWARF debug data make it larger to download and load")
			}
			if len(why) == 0 {
				continue
			}
			c.report(f.Resource,
				fmt.Sprintf("The Go bootstrap of %s: %s.", name(f.Resource), strings.Join(why, "; ")),
				"Build with GOOS=linux CGO_ENABLED=0 go build -trimpath -tags lambda.norpc -ldflags \"-s -w\" -o bootstrap (lambdaperf's optimizedfn Go bundler does).")
		}
	},
}
