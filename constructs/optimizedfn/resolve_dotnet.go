package optimizedfn

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// DotnetExcludes are the glob patterns left out of a .NET asset: debug
// symbols, which only a debugger reads (as no source maps ship for
// Node.js).
var DotnetExcludes = []string{"*.pdb"}

// dotnetHandler is a class-library handler, Assembly::Namespace.Type::Method,
// or an executable assembly's name alone
// (https://docs.aws.amazon.com/lambda/latest/dg/csharp-handler.html).
var dotnetHandler = regexp.MustCompile(`^([A-Za-z_][\w.]*)(?:::[A-Za-z_][\w.+]*::[A-Za-z_]\w*)?$`)

// dotnetRIDs are the runtime identifiers a publish for Lambda may target,
// by architecture; a framework-dependent publish without one runs on both.
var dotnetRIDs = map[string]Architecture{"linux-arm64": ARM64, "linux-x64": X86_64}

// resolveDotnet checks a `dotnet publish` output folder against the plan:
// the handler's assembly is there, built for the runtime's target framework
// and, when published for a runtime identifier, for Linux on the function's
// architecture. Nothing is built: the folder is packaged as it is.
func resolveDotnet(p *Plan, props *Props, fail func(string, ...any)) {
	const publish = "`dotnet publish -c Release -r linux-arm64 --self-contained false` (linux-x64 for x86_64)"
	configs, _ := filepath.Glob(filepath.Join(p.Entry, "*.runtimeconfig.json"))
	if len(configs) == 0 {
		fail("Entry %q has no *.runtimeconfig.json: point it at the output folder of %s", props.Entry, publish)
		return
	}
	p.Handler = props.Handler
	const forms = "Assembly::Namespace.Class::Method for a class library, e.g. \"Orders::Orders.Function::Handle\", or the assembly name alone for an executable assembly"
	m := dotnetHandler.FindStringSubmatch(p.Handler)
	switch {
	case p.Handler == "":
		fail("Handler is required for a .NET entry, which names no default: set it to %s", forms)
		return
	case m == nil:
		fail("Handler %q is not a .NET handler: use %s", p.Handler, forms)
		return
	}
	assembly := m[1]
	if !fileExists(filepath.Join(p.Entry, assembly+".dll")) {
		fail("Handler %q: assembly %s is not in Entry %q (no %s.dll): set Handler to the published assembly, or point Entry at the output of %s", p.Handler, assembly, props.Entry, assembly, publish)
		return
	}
	config := filepath.Join(p.Entry, assembly+".runtimeconfig.json")
	if !fileExists(config) {
		config = configs[0]
	}
	var rc struct {
		RuntimeOptions struct {
			TFM string `json:"tfm"`
		} `json:"runtimeOptions"`
	}
	raw, err := os.ReadFile(config)
	if err == nil {
		err = json.Unmarshal(raw, &rc)
	}
	want := runtimes[p.Runtime].dotnetTFM
	switch {
	case err != nil:
		fail("Entry %q: %s is not a runtime configuration (%v): publish again with %s", props.Entry, filepath.Base(config), err, publish)
	case rc.RuntimeOptions.TFM != want:
		fail("Entry %q was built for %q, but runtime %s runs %s: set <TargetFramework>%s</TargetFramework> in the project and publish again", props.Entry, rc.RuntimeOptions.TFM, p.Runtime, want, want)
	}

	// deps.json names the runtime identifier of a RID-specific publish in
	// runtimeTarget.name, e.g. ".NETCoreApp,Version=v10.0/linux-arm64".
	var deps struct {
		RuntimeTarget struct {
			Name string `json:"name"`
		} `json:"runtimeTarget"`
	}
	if raw, err := os.ReadFile(filepath.Join(p.Entry, assembly+".deps.json")); err == nil && json.Unmarshal(raw, &deps) == nil {
		if _, rid, ok := strings.Cut(deps.RuntimeTarget.Name, "/"); ok {
			arch := props.Architecture
			if arch == "" {
				arch = ARM64
			}
			switch got, known := dotnetRIDs[rid]; {
			case arch != ARM64 && arch != X86_64:
				// Not an architecture: resolveSizing says so.
			case !known:
				fail("Entry %q was published for %s, which Lambda does not run: publish for linux-arm64 (or linux-x64 on x86_64)", props.Entry, rid)
			case got != arch:
				fail("Entry %q was published for %s, but the function runs on %s: publish with -r %s, or set Architecture to %s", props.Entry, rid, arch, ridOf(arch), got)
			}
		}
	}
}

func ridOf(a Architecture) string {
	for rid, arch := range dotnetRIDs {
		if arch == a {
			return rid
		}
	}
	return ""
}
