package localinvoke

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"sync"
)

// code is a function's code prepared to run: its task folder and how the
// emulator starts the runtime. Pool instances share it.
type code struct {
	fn   *Function
	opts Options
	// output and emulatorLog are opts.Output and opts.EmulatorLog behind
	// one lock: every instance's two streams write to them.
	output, emulatorLog io.Writer
	work                string   // the run folder: task/, runtime/, node_modules/, the instances' tmp-*/
	lock                *os.File // held while the run folder is in use (lockRun)
	task                string
	runtimeDir          string
	argv                []string // the runtime command
	env                 map[string]string
	emulator            string
	notes               []string
	// emulated names the user-mode emulator the runtime runs under
	// ("qemu-aarch64"), "" when it runs natively.
	emulated string
	// mstats is what the Managed Instances environments report.
	mstats managedStats
}

// launcher is how one kind of runtime starts (kinds.go lists them): check
// runs before anything is built or copied, so a missing tool fails fast;
// launch runs on the copied task folder, may add to c.env and c.notes, and
// returns the runtime command.
type launcher interface {
	check(ctx context.Context, fn *Function, opts Options) error
	launch(ctx context.Context, c *code) ([]string, error)
}

// prepare copies fn's code asset into a temporary task folder and works
// out the runtime command and environment.
func prepare(ctx context.Context, fn *Function, opts Options) (*code, error) {
	if runtime.GOOS != "linux" {
		return nil, fmt.Errorf("%w: the Lambda runtime interface emulator runs on Linux only (this is %s)", ErrUnsupported, runtime.GOOS)
	}
	l, err := launcherFor(fn.Runtime)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", fn.Name(), err)
	}
	if err := l.check(ctx, fn, opts); err != nil {
		return nil, err
	}
	c := &code{fn: fn, opts: opts, emulator: opts.Emulator}
	var mu sync.Mutex
	if opts.Output != nil {
		c.output = &lockedWriter{mu: &mu, w: opts.Output}
	}
	if opts.EmulatorLog != nil {
		c.emulatorLog = &lockedWriter{mu: &mu, w: opts.EmulatorLog}
	}
	c.notes = append(c.notes, fn.Notes...)
	c.notes = append(c.notes, fn.managedNotes...)
	if note := fn.PlaceholderNote(); note != "" {
		c.notes = append(c.notes, note)
	}
	// A Managed Instances function runs under lambdaperf's own Runtime API.
	if c.emulator == "" && fn.ManagedInstances == nil {
		if c.emulator, err = Emulator(ctx); err != nil {
			return nil, err
		}
	}
	if err := c.makeFolders(); err != nil {
		c.remove()
		return nil, err
	}
	c.env = taskEnv(fn, opts, c.task, c.runtimeDir)
	if opts.Credentials {
		if os.Getenv("AWS_ACCESS_KEY_ID") == "" {
			c.notes = append(c.notes, "AWS_ACCESS_KEY_ID is not set here: the function runs with placeholder credentials (export a profile's credentials with `aws configure export-credentials --format env`)")
		} else {
			for _, k := range []string{"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"} {
				c.env[k] = os.Getenv(k)
			}
		}
	}
	for k, v := range fn.Env {
		c.env[k] = v
	}
	if c.argv, err = l.launch(ctx, c); err != nil {
		c.remove()
		return nil, err
	}
	return c, nil
}

// Run folders: one per prepared function under the temporary folder,
// locked while in use, so the next start removes what a lambdaperf killed
// with SIGKILL left (sweepRuns); the instances' processes carry markerEnv
// naming their folder in it.
const (
	runPrefix   = "lambdaperf-invoke-"
	runLockFile = "lambdaperf.lock"
	markerEnv   = "LAMBDAPERF_LOCAL_INSTANCE"
)

// makeFolders removes the run folders of lambdaperf processes that are
// gone, then creates this run's folder with the asset copied into task/
// and an empty runtime/.
func (c *code) makeFolders() error {
	sweepRuns(os.TempDir())
	var err error
	if c.work, err = os.MkdirTemp("", runPrefix); err != nil {
		return err
	}
	if c.lock, err = lockRun(c.work); err != nil {
		return err
	}
	c.task = filepath.Join(c.work, "task")
	if err := os.Mkdir(c.task, 0o755); err != nil {
		return err
	}
	notes, err := copyAsset(c.fn.Name(), c.fn.AssetPath, c.task)
	if err != nil {
		return err
	}
	c.notes = append(c.notes, notes...)
	c.runtimeDir = filepath.Join(c.work, "runtime")
	return os.Mkdir(c.runtimeDir, 0o755)
}

// taskEnv is the environment Lambda gives every runtime.
func taskEnv(fn *Function, opts Options, task, runtimeDir string) map[string]string {
	region := opts.Region
	if region == "" {
		region = os.Getenv("AWS_REGION")
	}
	if region == "" {
		region = "us-east-1"
	}
	path := os.Getenv("PATH")
	if path == "" {
		path = "/usr/local/bin:/usr/bin:/bin"
	}
	return map[string]string{
		"PATH":                            path,
		"LANG":                            "en_US.UTF-8",
		"TZ":                              ":UTC",
		"LAMBDA_TASK_ROOT":                task,
		"LAMBDA_RUNTIME_DIR":              runtimeDir,
		"_HANDLER":                        fn.Handler,
		"AWS_LAMBDA_FUNCTION_NAME":        fn.LogicalID,
		"AWS_LAMBDA_FUNCTION_VERSION":     "$LATEST",
		"AWS_LAMBDA_FUNCTION_MEMORY_SIZE": strconv.Itoa(fn.MemoryMiB),
		"AWS_LAMBDA_FUNCTION_TIMEOUT":     strconv.Itoa(fn.TimeoutSec),
		"AWS_LAMBDA_LOG_GROUP_NAME":       "/aws/lambda/" + fn.LogicalID,
		"AWS_LAMBDA_LOG_STREAM_NAME":      "local/[$LATEST]lambdaperf",
		"AWS_LAMBDA_INITIALIZATION_TYPE":  "on-demand",
		"AWS_EXECUTION_ENV":               "AWS_Lambda_" + fn.Runtime,
		"AWS_REGION":                      region,
		"AWS_DEFAULT_REGION":              region,
		"AWS_EC2_METADATA_DISABLED":       "true",
		"AWS_ACCESS_KEY_ID":               placeholderKeyID,
		"AWS_SECRET_ACCESS_KEY":           placeholderSecret,
	}
}

func (c *code) remove() {
	if c.work != "" {
		os.RemoveAll(c.work)
	}
	if c.lock != nil {
		c.lock.Close()
	}
}
