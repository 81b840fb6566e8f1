package handlercode

import (
	"testing"
	"time"
)

// FuzzReadHandler feeds arbitrary bytes to the reader's entry points, as a
// JavaScript module, an ESM module and a Python module, with a handler
// string: the reader never panics, never runs past its budget by much and
// never reports facts for a file it did not parse. Run it with
// go test ./handlercode -run '^$' -fuzz FuzzReadHandler -fuzztime 30s.
func FuzzReadHandler(f *testing.F) {
	for _, seed := range []string{
		esbuildCJS, webpackBundle,
		"export const handler = async (event, context, callback) => { try { await x(event.Records[0]) } catch (e) {} };",
		"module.exports = { handler: (e, c, cb) => cb(null, new AWS.S3()) };",
		"def handler(event, context):\n    for r in event['Records']:\n        boto3.client('s3')\n",
		"//# sourceMappingURL=data:application/json;base64,eyJ2ZXJzaW9uIjozLCJzb3VyY2VzIjpbImEudHMiXSwibWFwcGluZ3MiOiJBQUFBIn0=\nexports.handler=async()=>1",
		"let u, n = 0; const s = {}, m = new Map(); export const handler = async (e, c) => { u = e.u; n++; s.x = e; m.set(e.k, 1); u ??= 1; await require('fs').promises.writeFile(require('path').join(require('os').tmpdir(), `a${'b'}`), '') };",
		"import os, tempfile\nX = []\ndef handler(event, context):\n    global Y\n    Y = event\n    X.append(event)\n    open(os.path.join(tempfile.gettempdir(), f\"{'a'}.csv\"), 'w')\n",
		"`${`${`${1}`}`}`", "(((((((((((", "class { #x; static { } }", "a?.b?.[c]?.(d) ?? e",
	} {
		f.Add([]byte(seed), "index.handler")
	}
	f.Fuzz(func(t *testing.T, src []byte, handler string) {
		if len(src) > 1<<16 {
			return
		}
		for _, c := range []struct{ file, handler, runtime string }{
			{"index.js", "index.handler", "nodejs24.x"},
			{"index.mjs", "index.handler", "nodejs22.x"},
			{"app.py", "app.handler", "python3.13"},
			{"index.js", handler, "nodejs24.x"},
		} {
			r := NewReader(memFiles{c.file: src}, Limits{Budget: 2 * time.Second})
			start := time.Now()
			facts := r.Handler(c.handler, c.runtime)
			if time.Since(start) > 10*time.Second {
				t.Fatalf("%s took %v", c.file, time.Since(start))
			}
			if facts != nil && !facts.Inspected() && (facts.Func != nil || len(facts.Constructions) > 0 || len(facts.ModuleState) > 0 || len(facts.TempFiles) > 0) {
				t.Fatalf("facts for a file that was not parsed: %+v", facts)
			}
		}
	})
}

// memFiles is an asset in memory.
type memFiles map[string][]byte

func (m memFiles) Read(name string, max int64) ([]byte, error) {
	b, ok := m[name]
	if !ok {
		return nil, errNotExist
	}
	if int64(len(b)) > max {
		return nil, errTooLargeForTest
	}
	return b, nil
}
func (m memFiles) IsFile(name string) bool { _, ok := m[name]; return ok }
func (m memFiles) IsDir(string) bool       { return false }

var (
	errNotExist        = fsErr("file does not exist")
	errTooLargeForTest = fsErr("too large")
)

type fsErr string

func (e fsErr) Error() string { return string(e) }
