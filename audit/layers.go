package audit

import "github.com/lambdaperf/lambdaperf/lambda/layercatalog"

// The advisor's knowledge of published layers is lambdaperf's one layer
// catalog (package layercatalog, plain Go), shared with the constructs
// that add and check layers.

// layerName returns the layer name of a layer version ARN
// (arn:aws:lambda:region:account:layer:NAME:VERSION).
func layerName(arn string) string { return layercatalog.LayerName(arn) }

// knownLayer is a published layer whose name tells its architecture.
type knownLayer struct {
	product string
	arch    string
	other   string // the layer name for the other architecture
}

// layerArch returns the architecture a known layer is built for.
func layerArch(name string) (knownLayer, bool) {
	l, ok := layercatalog.Lookup(name)
	if !ok {
		return knownLayer{}, false
	}
	return knownLayer{product: l.Name, arch: string(l.Arch), other: l.Other}, true
}

// layerNames returns the layer names a Layers entry can be: one for a literal
// ARN, the common one for a region map whose entries all share a name.
func layerNames(l Layer) []string {
	if l.ARN.Known() {
		return []string{layerName(l.ARN.V)}
	}
	seen := map[string]bool{}
	var out []string
	for _, c := range l.Candidates {
		n := layerName(c)
		if !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	return out
}
