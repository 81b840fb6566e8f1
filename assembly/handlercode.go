package assembly

import (
	"os"

	"github.com/lambdaperf/lambdaperf/handlercode"
)

// readHandlerCode reads each function's handler code from its code asset
// (package handlercode: parsed, never loaded or run) into Function.Code.
// Each distinct asset is opened and each of its files parsed once, with
// one time budget, whatever the number of functions that share it; a
// function whose handler was already read on the same runtime family
// shares the facts.
func (m *Model) readHandlerCode() {
	byAsset := map[string][]*Function{}
	var order []string
	for _, st := range m.Stacks {
		for _, f := range st.Functions {
			if f.Asset == nil || f.Code != nil || f.Handler == "" || handlercode.LanguageOf(f.RuntimeName()) == "" {
				continue
			}
			if _, seen := byAsset[f.AssetPath]; !seen {
				order = append(order, f.AssetPath)
			}
			byAsset[f.AssetPath] = append(byAsset[f.AssetPath], f)
		}
	}
	for _, p := range order {
		readAssetHandlers(p, byAsset[p])
	}
}

// readAssetHandlers reads the handlers of the functions sharing one asset.
func readAssetHandlers(p string, fns []*Function) {
	info, err := os.Stat(p)
	if err != nil {
		return
	}
	var files handlercode.Files
	if info.IsDir() {
		files = handlercode.Dir(p)
	} else {
		z, err := handlercode.Zip(p)
		if err != nil {
			for _, f := range fns {
				f.Code = &handlercode.Facts{Handler: f.Handler, NotInspected: []handlercode.Skipped{{File: f.Handler, Reason: err.Error()}}}
			}
			return
		}
		defer z.Close()
		files = z
	}
	r := handlercode.NewReader(files, handlercode.Limits{})
	seen := map[[2]string]*handlercode.Facts{}
	for _, f := range fns {
		rt := f.RuntimeName()
		key := [2]string{f.Handler, rt}
		if facts, ok := seen[key]; ok {
			f.Code = facts
			continue
		}
		f.Code = r.Handler(f.Handler, rt)
		seen[key] = f.Code
	}
}
