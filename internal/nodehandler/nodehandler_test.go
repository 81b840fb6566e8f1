package nodehandler

import (
	"os"
	"path/filepath"
	"testing"
)

func write(t *testing.T, dir, name, body string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestInspect(t *testing.T) {
	dir := t.TempDir()
	// The SDK is not installed: loading works only because it is stubbed.
	write(t, dir, "callback.js", `const { DynamoDBClient } = require("@aws-sdk/client-dynamodb");
const db = new DynamoDBClient({});
exports.handler = function (event, context, callback) { callback(null, 1); };`)
	write(t, dir, "asyncthree.js", `exports.handler = async (event, context, callback) => 1;`)
	write(t, dir, "async.mjs", `export const handler = async (event, context) => 1;`)
	write(t, dir, "stream.js", `exports.handler = awslambda.streamifyResponse(async (event, stream, context) => stream.end());`)
	write(t, dir, "nested.js", `exports.api = { get: (e, c, cb) => cb(null, 1) };`)
	write(t, dir, "broken.js", `throw new Error("needs TABLE_NAME");`)
	for _, c := range []struct {
		handler  string
		callback bool
		err      bool
	}{
		{"callback.handler", true, false},
		{"asyncthree.handler", true, false}, // the runtime counts parameters, async or not
		{"async.handler", false, false},
		{"stream.handler", false, false},
		{"nested.api.get", true, false},
		{"broken.handler", false, true},
		{"missing.handler", false, true},
		{"async.nope", false, true},
	} {
		h, err := Inspect(dir, c.handler, nil)
		if (err != nil) != c.err || (err == nil && h.Callback() != c.callback) {
			t.Errorf("%s: %+v %v, want callback %v, error %v", c.handler, h, err, c.callback, c.err)
		}
	}
}

func TestNoCallbacks(t *testing.T) {
	for rt, want := range map[string]bool{"nodejs24.x": true, "nodejs26.x": true, "nodejs22.x": false, "python3.13": false, "nodejs": false} {
		if NoCallbacks(rt) != want {
			t.Errorf("%s: %v", rt, !want)
		}
	}
}
