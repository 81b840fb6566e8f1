package audit

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/lambdaperf/lambdaperf/assembly"
	"github.com/lambdaperf/lambdaperf/internal/testfiles"
)

// TestCodeThatDoesNotParseIsNamed: a handler file the reader cannot parse
// is listed as not inspected, with the file and the reason, and no rule on
// code judges it; the other function of the template is still read.
func TestCodeThatDoesNotParseIsNamed(t *testing.T) {
	dir := t.TempDir()
	testfiles.Write(t, filepath.Join(dir, "asset.broken", "index.js"), "exports.handler = async (event => {\n")
	testfiles.Write(t, filepath.Join(dir, "asset.fine", "index.js"), "exports.handler = function (event, context, callback) { callback(null, 1); };\n")
	fn := func(id, asset string) string {
		return `"` + id + `": {"Type": "AWS::Lambda::Function", "Metadata": {"aws:asset:path": "` + asset + `"},
			"Properties": {"Runtime": "nodejs24.x", "Handler": "index.handler", "Role": "arn:aws:iam::123456789012:role/r", "Code": {"S3Bucket": "b", "S3Key": "k"}}}`
	}
	testfiles.Write(t, filepath.Join(dir, "S.template.json"), `{"Resources": {`+fn("Broken", "asset.broken")+`, `+fn("Fine", "asset.fine")+`}}`)
	m, err := assembly.ReadTemplateFile(filepath.Join(dir, "S.template.json"))
	if err != nil {
		t.Fatal(err)
	}
	rep := Run(m, Options{Now: auditDate})
	if len(rep.NotInspected) != 1 || rep.NotInspected[0].Resource != "Broken" || !strings.Contains(rep.NotInspected[0].Reason, "index.js: syntax error at line 2") {
		t.Errorf("not inspected: %+v", rep.NotInspected)
	}
	for _, f := range rep.Findings {
		if f.Resource == "Broken" && (f.Rule == ruleNodeCallbackHandler.ID || f.Rule == ruleHandlerMissing.ID) {
			t.Errorf("a rule on code judged code it could not read: %+v", f)
		}
	}
	found := false
	for _, f := range rep.Findings {
		found = found || f.Resource == "Fine" && f.Rule == ruleNodeCallbackHandler.ID
	}
	if !found {
		t.Errorf("the readable function was not judged: %+v", rep.Findings)
	}
}
