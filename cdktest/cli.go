package cdktest

import (
	"fmt"

	"github.com/lambdaperf/lambdaperf/internal/nodebin"
)

// CDKCLIVersion is the aws-cdk CLI release lambdaperf is tested with; the
// error of CDKCLI tells to install it.
const CDKCLIVersion = "2.1148.1"

// CDKCLIVersion is written out so that go doc shows it; this fails to
// compile (a duplicate map key) when it is not nodebin's.
var _ = map[bool]struct{}{false: {}, CDKCLIVersion == nodebin.CDKCLIVersion: {}}

// CDKCLI returns the aws-cdk CLI (`cdk`) a test of the CDK project in dir
// should run, found as npx and CDK's NodejsFunction find a local tool:
// node_modules/.bin/cdk at or above dir, then at or above the working
// directory, then on PATH. A project that pins aws-cdk in its
// package.json and ran `npm ci` needs no PATH change. The error names
// both fixes.
func CDKCLI(dir string) (string, error) {
	bin, err := nodebin.Find("cdk", dir)
	if err != nil {
		return "", fmt.Errorf("cdktest: %v: run `npm install --save-dev --save-exact aws-cdk@%s` in %s (then `npm ci` installs it), or put cdk on PATH", err, CDKCLIVersion, dir)
	}
	return bin, nil
}
