package localinvoke

import (
	"context"
	_ "embed"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// The runtime interface clients that run Node.js and Python handlers on
// the local interpreters.
var (
	//go:embed ric.mjs
	nodeClient []byte
	//go:embed ric.py
	pythonClient []byte
)

// nodeLauncher runs a Node.js handler through ric.mjs on the local node,
// with the project's @aws-sdk standing in for the runtime's.
type nodeLauncher struct{ node string }

func (l *nodeLauncher) check(_ context.Context, fn *Function, _ Options) error {
	var err error
	if l.node, err = exec.LookPath("node"); err != nil {
		return fmt.Errorf("%s runs on %s but `node` is not on PATH: install Node.js", fn.Name(), fn.Runtime)
	}
	return nil
}

func (l *nodeLauncher) launch(ctx context.Context, c *code) ([]string, error) {
	fn := c.fn
	client := filepath.Join(c.runtimeDir, "lambdaperf-ric.mjs")
	if err := os.WriteFile(client, nodeClient, 0o644); err != nil {
		return nil, err
	}
	modules, note := c.linkSDK(c.opts.NodeModules)
	if note != "" {
		c.notes = append(c.notes, note)
	}
	nodePath := c.task
	if modules != "" {
		nodePath = modules + string(os.PathListSeparator) + c.task
	}
	c.env["NODE_PATH"] = nodePath
	// Heap capped below the memory size, so a handler that outgrows it
	// fails here too.
	heap := fmt.Sprintf("--max-old-space-size=%d", fn.MemoryMiB*9/10)
	c.env["NODE_OPTIONS"] = strings.TrimSpace(fn.Env["NODE_OPTIONS"] + " " + heap)
	if note := versionNote(ctx, l.node, "Node.js", fn.Runtime); note != "" {
		c.notes = append(c.notes, note)
	}
	return []string{l.node, client, fn.Handler}, nil
}

// pythonLauncher runs a Python handler through ric.py on the local python3.
type pythonLauncher struct{ python string }

func (l *pythonLauncher) check(_ context.Context, fn *Function, _ Options) error {
	var err error
	if l.python, err = exec.LookPath("python3"); err != nil {
		return fmt.Errorf("%s runs on %s but `python3` is not on PATH: install Python", fn.Name(), fn.Runtime)
	}
	return nil
}

func (l *pythonLauncher) launch(ctx context.Context, c *code) ([]string, error) {
	client := filepath.Join(c.runtimeDir, "lambdaperf_ric.py")
	if err := os.WriteFile(client, pythonClient, 0o644); err != nil {
		return nil, err
	}
	c.env["PYTHONPATH"] = c.task
	c.env["PYTHONUNBUFFERED"] = "1" // output as it is printed
	c.env["PYTHONNOUSERSITE"] = "1" // not this user's packages
	c.env["PYTHONDONTWRITEBYTECODE"] = "1"
	if note := versionNote(ctx, l.python, "Python", c.fn.Runtime); note != "" {
		c.notes = append(c.notes, note)
	}
	return []string{l.python, client, c.fn.Handler}, nil
}

// linkSDK exposes @aws-sdk and @smithy of a node_modules folder in
// work/node_modules, which is on NODE_PATH (CommonJS) and above the task
// folder (ES modules), as the Lambda runtime's SDK is. Nothing else of the
// project's node_modules is visible, so a bundle missing a dependency fails
// here as it would on Lambda.
func (c *code) linkSDK(nodeModules string) (string, string) {
	if nodeModules == "" {
		nodeModules = findNodeModules(c.fn.AssetPath)
	}
	if nodeModules == "" {
		if wd, err := os.Getwd(); err == nil {
			nodeModules = findNodeModules(wd)
		}
	}
	if nodeModules == "" {
		return "", "no node_modules with @aws-sdk found above the assembly or the working directory: imports of @aws-sdk fail (run npm install, or give the folder)"
	}
	dir := filepath.Join(c.work, "node_modules")
	if err := os.Mkdir(dir, 0o755); err != nil {
		return "", err.Error()
	}
	for _, scope := range []string{"@aws-sdk", "@smithy"} {
		src, err := filepath.Abs(filepath.Join(nodeModules, scope))
		if err != nil {
			continue
		}
		if _, err := os.Stat(src); err == nil {
			if err := os.Symlink(src, filepath.Join(dir, scope)); err != nil {
				return "", err.Error()
			}
		}
	}
	return dir, ""
}

// findNodeModules returns the nearest node_modules holding @aws-sdk at or
// above dir, or "".
func findNodeModules(dir string) string {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return ""
	}
	for {
		candidate := filepath.Join(dir, "node_modules")
		if info, err := os.Stat(filepath.Join(candidate, "@aws-sdk")); err == nil && info.IsDir() {
			return candidate
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// versionNote compares the local interpreter's version with the runtime's
// ("nodejs24.x": major 24; "python3.13": 3.13), "" when they agree.
func versionNote(ctx context.Context, bin, lang, rt string) string {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	out, err := combinedOutput(command(ctx, bin, "--version"))
	if err != nil {
		return ""
	}
	v := strings.TrimSpace(strings.TrimPrefix(string(out), "Python "))
	local := strings.TrimPrefix(v, "v")
	var want string
	if lang == "Python" {
		want = strings.TrimPrefix(rt, "python")
		if parts := strings.SplitN(local, ".", 3); len(parts) >= 2 {
			local = parts[0] + "." + parts[1]
		}
	} else {
		want = strings.TrimSuffix(strings.TrimPrefix(rt, "nodejs"), ".x")
		local, _, _ = strings.Cut(local, ".")
	}
	if local == want {
		return ""
	}
	return fmt.Sprintf("the function's runtime is %s, the local %s is %s", rt, lang, v)
}
