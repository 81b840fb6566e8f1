package localinvoke

import (
	"fmt"
	"strings"
)

// launcherFor tells how a runtime is run, or why it is not: every
// supported runtime family has one launcher, in its own file.
func launcherFor(runtime string) (launcher, error) {
	switch {
	case strings.HasPrefix(runtime, "provided"):
		return &bootstrapLauncher{}, nil
	case strings.HasPrefix(runtime, "nodejs"):
		return &nodeLauncher{}, nil
	case strings.HasPrefix(runtime, "python3"):
		return &pythonLauncher{}, nil
	case runtime == "go1.x":
		return nil, fmt.Errorf("%w: runtime go1.x is retired: build the handler as `bootstrap` for provided.al2023 (optimizedfn does)", ErrUnsupported)
	case strings.HasPrefix(runtime, "java"):
		return nil, fmt.Errorf("%w: runtime %s: local invoke emulates provided.* (Go bootstrap), nodejs* and python3* functions; Java needs AWS's Java runtime interface client, which is not bundled", ErrUnsupported, runtime)
	default:
		return nil, fmt.Errorf("%w: runtime %s: local invoke emulates provided.* (Go bootstrap), nodejs* and python3* functions", ErrUnsupported, runtime)
	}
}
