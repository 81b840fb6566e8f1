package localinvoke

import (
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/lambdaperf/lambdaperf/assembly"
	"github.com/lambdaperf/lambdaperf/lambda"
)

// Errors a caller can tell apart with errors.Is. The messages that wrap
// them say what to do.
var (
	// ErrUnknownFunction: no function of the assembly has the id or path.
	ErrUnknownFunction = errors.New("unknown function")
	// ErrNotForHost: the code asset's executable is for another architecture.
	ErrNotForHost = errors.New("asset not built for the host")
	// ErrUnsupported: the runtime or package type is not emulated.
	ErrUnsupported = errors.New("not supported locally")
	// ErrPortInUse: the port asked for is taken.
	ErrPortInUse = errors.New("port in use")
	// ErrNoEmulator: the emulator is missing and cannot be built.
	ErrNoEmulator = errors.New("the Lambda runtime interface emulator is unavailable")
	// ErrRequestTooLarge: the event is above Lambda's synchronous payload
	// limit, which refuses it before the function runs (the error's text is
	// Lambda's).
	ErrRequestTooLarge = errors.New(lambda.RequestTooLargeType)
)

// PlaceholderPrefix starts the value given to an environment variable whose
// template value is an unresolved CloudFormation intrinsic (a Ref to a
// table, a GetAtt): "unresolved-TABLE_NAME".
const PlaceholderPrefix = "unresolved-"

// Function is one Lambda function of a cloud assembly with what running it
// locally needs, defaults applied.
type Function struct {
	// Stack is the stack artifact that holds the function.
	Stack string
	// LogicalID of the function in its template.
	LogicalID string
	// Path is the construct path (aws:cdk:path), "" when unknown.
	Path string
	// Runtime identifier, e.g. nodejs24.x.
	Runtime string
	// Arch is the template's architecture: x86_64 or arm64.
	Arch string
	// Handler setting of the function.
	Handler string
	// MemoryMiB and TimeoutSec are the template's, or Lambda's defaults
	// (128 MiB, 3 s) when unset or unresolved.
	MemoryMiB int
	// TimeoutSec is the timeout, in seconds.
	TimeoutSec int
	// Env is the template's environment, with PlaceholderPrefix values for
	// the variables listed in Placeholders.
	Env map[string]string
	// Placeholders name the variables whose values are unresolved intrinsics.
	Placeholders []string
	// AssetPath is the code asset: a folder or a .zip in the assembly.
	AssetPath string
	// Notes say where a value was assumed.
	Notes []string
	// GoSource is how a Go bootstrap was built, when the assembly's
	// construct metadata recorded it (optimizedfn does); nil otherwise.
	GoSource *GoSource
	// ManagedInstances is set for a function on a Lambda Managed Instances
	// capacity provider: it runs in environments that each take many
	// invocations at once (managed.go). nil for an on-demand function.
	ManagedInstances *ManagedInstances
	// template is the stack's template file, "" when unknown (Find).
	template string
	// managed is the assembly's function when it is on a capacity
	// provider, and managedNotes what resolving it assumed.
	managed      *assembly.Function
	managedNotes []string
}

// Name is how the function is shown: its construct path without the
// trailing "/Resource", else stack/logical id.
func (f *Function) Name() string {
	if f.Path != "" {
		return strings.TrimSuffix(f.Path, "/Resource")
	}
	return f.Stack + "/" + f.LogicalID
}

// Load reads a cloud assembly folder (or one template file) and finds the
// function id names: see Find.
func Load(dir, id string) (*Function, error) {
	m, err := assembly.Read(dir)
	if err != nil {
		return nil, err
	}
	return Find(m, dir, id)
}

// Find picks the function id names in the model: a logical id
// ("GoApiFunction00C6C8BD"), stack/logical id, or a construct path, whole
// or a prefix that names one function ("LambdaPerfApi/GoApi"). An unknown
// id is an ErrUnknownFunction that lists the functions there are; source
// names the assembly in messages.
func Find(m *assembly.Model, source, id string) (*Function, error) {
	id = strings.Trim(strings.TrimSpace(id), "/")
	var all, matches []*assembly.Function
	for _, st := range m.Stacks {
		for _, f := range st.Functions {
			all = append(all, f)
			if f.LogicalID == id || st.Name+"/"+f.LogicalID == id {
				matches = append(matches, f)
			}
		}
	}
	if len(matches) == 0 && id != "" {
		for _, f := range all {
			if f.Path == id || strings.TrimSuffix(f.Path, "/Resource") == id || strings.HasPrefix(f.Path, id+"/") {
				matches = append(matches, f)
			}
		}
	}
	switch len(matches) {
	case 1:
		return newFunction(matches[0])
	case 0:
		var names []string
		for _, f := range all {
			if !f.Framework {
				names = append(names, describe(f))
			}
		}
		if len(names) == 0 {
			return nil, fmt.Errorf("%w %q: %s holds no Lambda functions", ErrUnknownFunction, id, source)
		}
		sort.Strings(names)
		return nil, fmt.Errorf("%w %q in %s; available: %s", ErrUnknownFunction, id, source, strings.Join(names, ", "))
	default:
		names := make([]string, len(matches))
		for i, f := range matches {
			names[i] = describe(f)
		}
		sort.Strings(names)
		return nil, fmt.Errorf("%w: %q names %d functions in %s (%s): give the logical id or the stack/logical id",
			ErrUnknownFunction, id, len(matches), source, strings.Join(names, ", "))
	}
}

// describe renders "LambdaPerfApi/GoApi/Function (GoApiFunction00C6C8BD)".
func describe(f *assembly.Function) string {
	stack := ""
	if f.Stack != nil {
		stack = f.Stack.Name
	}
	if f.Path == "" {
		return stack + "/" + f.LogicalID
	}
	return fmt.Sprintf("%s (%s)", strings.TrimSuffix(f.Path, "/Resource"), f.LogicalID)
}

func newFunction(af *assembly.Function) (*Function, error) {
	f := &Function{
		LogicalID: af.LogicalID,
		Path:      af.Path,
		Runtime:   af.RuntimeName(),
		Handler:   af.Handler,
		Env:       map[string]string{},
		AssetPath: af.AssetPath,
	}
	if af.Stack != nil {
		f.Stack = af.Stack.Name
		f.template = af.Stack.TemplateFile
		if f.Path != "" {
			f.GoSource = goSourcesOf(af.Stack.Metadata)[f.Path]
		}
	}
	name := f.Name()
	switch {
	case af.PackageType == "Image":
		return nil, fmt.Errorf("%w: %s is a container image function: run the image instead (its base image includes the emulator)", ErrUnsupported, name)
	case af.AssetPath == "":
		_, why := af.Inspected()
		return nil, fmt.Errorf("%w: %s has no code asset in the assembly (%s): synthesize with `cdk synth` and pass the cdk.out folder", ErrUnsupported, name, why)
	case f.Runtime == "":
		return nil, fmt.Errorf("%w: %s has no known Runtime in the template", ErrUnsupported, name)
	}
	if _, err := launcherFor(f.Runtime); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}

	var ok bool
	if f.Arch, ok = af.Arch(); !ok {
		f.Arch = hostArch()
		f.Notes = append(f.Notes, "Architectures is an unresolved value in the template: assuming the host's, "+f.Arch)
	}
	if f.MemoryMiB, ok = af.Memory(); !ok {
		f.MemoryMiB = lambda.DefaultMemoryMiB
		f.Notes = append(f.Notes, fmt.Sprintf("MemorySize is an unresolved value in the template: using %d MiB", f.MemoryMiB))
	}
	if f.TimeoutSec, ok = af.TimeoutSec.Or(lambda.DefaultTimeoutSec); !ok {
		f.TimeoutSec = lambda.DefaultTimeoutSec
		f.Notes = append(f.Notes, fmt.Sprintf("Timeout is an unresolved value in the template: using %d s", f.TimeoutSec))
	}
	for k, v := range af.Env {
		f.Env[k] = v
	}
	for _, k := range af.EnvUnknown {
		f.Env[k] = PlaceholderPrefix + k
		f.Placeholders = append(f.Placeholders, k)
	}
	if af.EnvAllUnknown {
		f.Notes = append(f.Notes, "Environment.Variables is one unresolved value in the template: the function runs without its variables (set them with --env)")
	}
	if af.ManagedInstances != nil {
		if err := f.resolveManagedInstances(af); err != nil {
			return nil, err
		}
	}
	return f, nil
}

// resolveManagedInstances works out how a function on a capacity provider
// runs here; Override calls it again when --env sets the worker count.
func (f *Function) resolveManagedInstances(af *assembly.Function) error {
	if f.MemoryMiB < lambda.MinManagedInstancesMemoryMiB || f.MemoryMiB > lambda.MaxManagedInstancesMemoryMiB {
		return fmt.Errorf("%s: a function on Managed Instances takes %d..%d MiB of memory, got %d: Lambda refuses it (%s)",
			f.Name(), lambda.MinManagedInstancesMemoryMiB, lambda.MaxManagedInstancesMemoryMiB, f.MemoryMiB, lambda.ManagedInstancesScalingDoc)
	}
	m, notes, err := managedInstancesFor(af, f)
	if err != nil {
		return err
	}
	f.ManagedInstances, f.managed = m, af
	f.managedNotes = notes
	return nil
}

// Override sets environment variables over the template's; a variable set
// this way is no longer a placeholder.
func (f *Function) Override(env map[string]string) error {
	for k, v := range env {
		f.Env[k] = v
		f.Placeholders = slices.DeleteFunc(f.Placeholders, func(p string) bool { return p == k })
	}
	if f.managed != nil {
		// AWS_LAMBDA_NODEJS_WORKER_COUNT changes the worker threads.
		return f.resolveManagedInstances(f.managed)
	}
	return nil
}

// PlaceholderNote is the note to show when placeholders remain, or "".
func (f *Function) PlaceholderNote() string {
	if len(f.Placeholders) == 0 {
		return ""
	}
	ps := slices.Clone(f.Placeholders)
	sort.Strings(ps)
	example := ps[0]
	return fmt.Sprintf("%s: unresolved CloudFormation value%s in the template, run with placeholder%s %q%s (set real values with --env %s=VALUE)",
		strings.Join(ps, ", "), plural(len(ps)), plural(len(ps)), PlaceholderPrefix+example, etc(len(ps)), example)
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

func etc(n int) string {
	if n == 1 {
		return ""
	}
	return ", ..."
}
