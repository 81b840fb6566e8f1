package snapshot

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
)

var (
	assetHash      = regexp.MustCompile(`[0-9a-f]{64}`)
	currentVersion = regexp.MustCompile(`(CurrentVersion[0-9A-F]{8})[0-9a-f]{32}`)
)

// Normalize returns a copy of a template without what changes when nothing
// that matters did: 64-hex asset hashes become "<asset-hash>", the hash
// suffix of `CurrentVersion` logical IDs is dropped, and the
// BootstrapVersion parameter and rule, the CDKMetadata resource (version
// reporting) and each resource's aws:cdk:path metadata (the construct path,
// which the CDK CLI adds and plain test Apps do not) are removed. The
// result is stable JSON for golden files, the same for a template from
// `cdk synth` and one from a test.
func Normalize(tpl map[string]any) map[string]any {
	b, err := json.Marshal(tpl)
	if err != nil {
		panic(fmt.Sprintf("snapshot.Normalize: template is not JSON: %v", err))
	}
	s := currentVersion.ReplaceAllString(string(b), "${1}")
	s = assetHash.ReplaceAllString(s, "<asset-hash>")
	var out map[string]any
	if err := json.Unmarshal([]byte(s), &out); err != nil {
		panic(err)
	}
	deleteIn(out, "Parameters", "BootstrapVersion")
	deleteIn(out, "Rules", "CheckBootstrapVersion")
	deleteIn(out, "Resources", "CDKMetadata")
	deleteIn(out, "Conditions", "CDKMetadataAvailable")
	res, _ := out["Resources"].(map[string]any)
	for _, r := range res {
		if r, ok := r.(map[string]any); ok {
			deleteIn(r, "Metadata", "aws:cdk:path")
		}
	}
	return out
}

func deleteIn(tpl map[string]any, section, key string) {
	m, ok := tpl[section].(map[string]any)
	if !ok {
		return
	}
	delete(m, key)
	if len(m) == 0 {
		delete(tpl, section)
	}
}

// JSON renders v as indented JSON with sorted keys and a final newline, the
// format of golden files. <, > and & stay as they are, so goldens read as
// the template does.
func JSON(v any) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		panic(err)
	}
	return b.Bytes()
}
