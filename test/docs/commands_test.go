package docs

import (
	"bufio"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/lambdaperf/lambdaperf/localinvoke"
)

// module is lambdaperf's module path: a package path under it names a
// folder of this repository.
const module = "github.com/lambdaperf/lambdaperf"

// Where a documented command runs, from its code block's info string.
const (
	// markIllustrative: not as written here (AWS credentials, a file of
	// yours, a value such as PORT to fill in).
	markIllustrative = "illustrative"
	// markYourModule: in the reader's own Go module, outside this
	// repository (the README's are run by TestFirstStackOutsideTheRepository).
	markYourModule = "your-module"
)

// docCommand is one command of a guide: from a sh/bash block, or a code
// span of prose that starts with a program the checks know.
type docCommand struct {
	where string   // file:line
	argv  []string // as simpleCommands splits it
	// repoPaths: the repository paths it names must exist (a plain block
	// or a code span; not an illustrative or your-module block).
	repoPaths bool
	// lenient: a program the checks do not know passes (illustrative).
	lenient bool
	// inline: a code span of prose, which may name a flag without its
	// value (`lambdaperf cost --rps`).
	inline bool
}

// shellLangs are the info strings of blocks that hold commands.
var shellLangs = []string{"sh", "bash", "shell", "console"}

// ciCommand finds where a command starts in a line of a CI job.
var ciCommand = regexp.MustCompile(`\b(go tool lambdaperf|lambdaperf|npx cdk|npm ci|go test|make) `)

// spanPrograms are the programs whose code spans in prose are checked as
// commands: the ones a reader copies.
var spanPrograms = []string{"lambdaperf", "bin/lambdaperf", "make", "go", "npx", "cdk"}

// commandsOf returns the commands of a page.
func commandsOf(p *page) ([]docCommand, []string) {
	var out []docCommand
	var problems []string
	for _, b := range p.blocks {
		if !slices.Contains(shellLangs, b.lang()) {
			continue
		}
		cmds, err := simpleCommands(strings.Join(b.lines, "\n"))
		if err != nil {
			problems = append(problems, fmt.Sprintf("%s:%d: %v", p.path, b.line, err))
			continue
		}
		for _, c := range cmds {
			out = append(out, docCommand{
				where:     fmt.Sprintf("%s:%d", p.path, b.line+c.line),
				argv:      c.argv,
				repoPaths: !b.has(markIllustrative) && !b.has(markYourModule),
				lenient:   b.has(markIllustrative),
			})
		}
	}
	// CI jobs (YAML): the commands of lambdaperf, the CDK CLI and npm in
	// their run and script lines, as they run in the reader's repository.
	for _, b := range p.blocks {
		if b.lang() != "yaml" && b.lang() != "yml" {
			continue
		}
		for i, line := range b.lines {
			j := ciCommand.FindStringIndex(line)
			if j == nil {
				continue
			}
			cmds, err := simpleCommands(line[j[0]:])
			if err != nil {
				problems = append(problems, fmt.Sprintf("%s:%d: %v", p.path, b.line+i, err))
				continue
			}
			for _, c := range cmds {
				out = append(out, docCommand{where: fmt.Sprintf("%s:%d", p.path, b.line+i), argv: c.argv})
			}
		}
	}
	for _, s := range p.spans {
		first, _, _ := strings.Cut(s.text, " ")
		// <placeholders> are notation, not commands to copy.
		if !slices.Contains(spanPrograms, first) || strings.ContainsAny(s.text, "<>") {
			continue
		}
		cmds, err := simpleCommands(s.text)
		if err != nil {
			problems = append(problems, fmt.Sprintf("%s:%d: `%s`: %v", p.path, s.line, s.text, err))
			continue
		}
		for _, c := range cmds {
			out = append(out, docCommand{where: fmt.Sprintf("%s:%d", p.path, s.line), argv: c.argv, repoPaths: true, inline: true})
		}
	}
	return out, problems
}

// checker knows what the commands may name: it reads the facts from the
// real tools once.
type checker struct {
	root string
	// lambdaperf: the built CLI's commands and, per command, its flags
	// (true: the flag takes a value), from -h.
	lambdaperf map[string]map[string]bool
	// makeTargets are the Makefile's targets.
	makeTargets map[string]bool
	// cdk: the CDK CLI's commands (aliases included), from cdk --help, and
	// each command's --help text, read when a command uses a flag.
	cdk     map[string]bool
	cdkHelp map[string]string
	cdkBin  string
	// npmPins are the root package.json's pinned versions.
	npmPins map[string]string
}

// check returns what is wrong with a command, or "".
func (k *checker) check(c docCommand) string {
	argv := c.argv
	for _, w := range argv {
		if problem := k.stackRef(w); problem != "" {
			return problem
		}
	}
	switch prog := argv[0]; prog {
	case "lambdaperf", "bin/lambdaperf", "./bin/lambdaperf":
		return k.checkLambdaperf(c, argv[1:])
	case "make":
		return k.checkMake(argv[1:])
	case "go":
		return k.checkGo(c, argv[1:])
	case "npx":
		return k.checkNpx(c, argv[1:])
	case "cdk":
		return k.checkCDK(argv[1:])
	case "npm":
		return k.checkNpm(argv[1:])
	case "git":
		return oneOf("git", argv[1:], "clone", "tag", "push", "pull", "fetch", "status", "diff", "log", "checkout", "switch")
	case "apt-get":
		return oneOf("apt-get", argv[1:], "install", "update")
	case "python3":
		if len(argv) > 2 && argv[1] == "-m" && argv[2] == "pip" {
			return ""
		}
		return "python3: only `python3 -m pip` is known to the checks"
	case "cd", "cat", "ls":
		if c.repoPaths {
			return k.repoRefs(argv[1:])
		}
		return ""
	case "cp", "mv": // what they read must exist; what they write need not
		if c.repoPaths && len(argv) > 2 {
			return k.repoRefs(argv[1 : len(argv)-1])
		}
		return ""
	case "mkdir", "rm", "echo", "export", "touch", "grep", "head", "tail", "tee", "jq", "command", "true", "exit", "set":
		return ""
	}
	if c.lenient {
		return ""
	}
	return fmt.Sprintf("%s: a program the checks do not know: add it to test/docs, or mark the block %s", argv[0], markIllustrative)
}

// oneOf checks a subcommand against a list.
func oneOf(prog string, args []string, subs ...string) string {
	sub := firstWord(args)
	if sub == "" || slices.Contains(subs, sub) {
		return ""
	}
	return fmt.Sprintf("%s %s: not a subcommand the checks know (%s)", prog, sub, strings.Join(subs, ", "))
}

// firstWord is the first argument that is not a flag.
func firstWord(args []string) string {
	for _, a := range args {
		if !strings.HasPrefix(a, "-") {
			return a
		}
	}
	return ""
}

// stackRef checks a word that names a reference stack (LambdaPerfApi, or a
// construct path in it): the stack has a golden template.
var stackWord = regexp.MustCompile(`^(LambdaPerf[A-Za-z0-9]*)(/|$)`)

func (k *checker) stackRef(w string) string {
	m := stackWord.FindStringSubmatch(w)
	if m == nil {
		return ""
	}
	if _, err := os.Stat(filepath.Join(k.root, "test", "testdata", m[1]+".template.json")); err != nil {
		return fmt.Sprintf("%s: no reference stack of that name (test/testdata has no %s.template.json)", w, m[1])
	}
	return ""
}

// notRepoPaths are top-level names a command may name that are build
// output, not files of the repository.
var notRepoPaths = []string{"cdk.out", "bin", "node_modules"}

// repoRefs checks the words that name repository paths: ./x, ../x, or a
// path whose first element is a top-level entry of the repository. They
// must exist (a Go pattern's /... is dropped first).
func (k *checker) repoRefs(words []string) string {
	for _, w := range words {
		if p := k.repoPath(w); p != "" {
			if strings.HasPrefix(p, "../") {
				return fmt.Sprintf("%s: leaves the repository: mark the block %s or %s", w, markYourModule, markIllustrative)
			}
			if _, err := os.Stat(filepath.Join(k.root, filepath.FromSlash(p))); err != nil {
				return fmt.Sprintf("%s: no such file or folder in the repository", w)
			}
		}
	}
	return ""
}

// repoPath is the repository path a word names, or "".
func (k *checker) repoPath(w string) string {
	if strings.HasPrefix(w, "-") || strings.ContainsAny(w, "*?$=:@^") {
		return ""
	}
	w = strings.TrimSuffix(w, "/...")
	if w == "." || w == "./..." {
		return ""
	}
	if strings.HasPrefix(w, "./") || strings.HasPrefix(w, "../") {
		return path.Clean(w) // ../x leaves the repository: it does not exist here
	}
	first, _, ok := strings.Cut(w, "/")
	if !ok || slices.Contains(notRepoPaths, first) {
		return ""
	}
	if st, err := os.Stat(filepath.Join(k.root, first)); err != nil || !st.IsDir() {
		return ""
	}
	return path.Clean(w)
}

// checkLambdaperf checks a lambdaperf command line: the command exists,
// every flag exists (a flag that takes a value takes the next word), and
// the repository paths it names exist.
func (k *checker) checkLambdaperf(c docCommand, args []string) string {
	if len(args) == 0 {
		return ""
	}
	sub := args[0]
	if slices.Contains([]string{"-h", "-help", "--help", "help"}, sub) {
		return ""
	}
	flags, ok := k.lambdaperf[sub]
	if !ok {
		return fmt.Sprintf("lambdaperf %s: no such command (lambdaperf -h lists %s)", sub, strings.Join(slices.Sorted(maps.Keys(k.lambdaperf)), ", "))
	}
	var words []string
	for i := 1; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			words = append(words, args[i+1:]...)
			break
		}
		if !strings.HasPrefix(a, "-") || a == "-" {
			words = append(words, a)
			continue
		}
		name, value, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if name == "h" || name == "help" {
			continue
		}
		takesValue, ok := flags[name]
		if !ok {
			return fmt.Sprintf("lambdaperf %s: no flag --%s (lambdaperf %s -h)", sub, name, sub)
		}
		switch {
		case takesValue && !hasValue:
			if i+1 >= len(args) {
				if c.inline {
					continue // prose naming the flag
				}
				return fmt.Sprintf("lambdaperf %s: --%s needs a value", sub, name)
			}
			i++
			words = append(words, args[i])
		case hasValue:
			words = append(words, value)
		}
	}
	if c.repoPaths {
		return k.repoRefs(words)
	}
	return ""
}

// checkMake checks that every target named exists in the Makefile.
func (k *checker) checkMake(args []string) string {
	for _, a := range args {
		if strings.HasPrefix(a, "-") || assignment.MatchString(a) {
			continue
		}
		if !k.makeTargets[a] {
			return fmt.Sprintf("make %s: the Makefile has no such target", a)
		}
	}
	return ""
}

// goCommands are the go subcommands a guide may use.
var goCommands = []string{"build", "clean", "doc", "env", "fmt", "generate", "get", "install", "list", "mod", "run", "test", "tool", "version", "vet", "work"}

// checkGo checks a go command: a known subcommand; go run and go tool of
// the CLI are checked as lambdaperf commands; every package path under the
// module names a folder of the repository, and ./ paths exist.
func (k *checker) checkGo(c docCommand, args []string) string {
	sub := firstWord(args)
	if sub == "" {
		return ""
	}
	if !slices.Contains(goCommands, sub) {
		return fmt.Sprintf("go %s: not a go command the checks know", sub)
	}
	i := slices.Index(args, sub)
	rest := args[i+1:]
	switch sub {
	case "mod":
		return oneOf("go mod", rest, "init", "tidy", "edit", "download", "graph", "verify", "why", "vendor")
	case "run", "tool":
		j := slices.IndexFunc(rest, func(a string) bool { return !strings.HasPrefix(a, "-") })
		if j >= 0 {
			target, _, _ := strings.Cut(rest[j], "@")
			if target == "./cmd/lambdaperf" || target == module+"/cmd/lambdaperf" || (sub == "tool" && target == "lambdaperf") {
				if problem := k.modulePath(rest[j]); problem != "" {
					return problem
				}
				return k.checkLambdaperf(c, rest[j+1:])
			}
			if sub == "tool" {
				return "" // a tool pinned in a go.mod (staticcheck, ...)
			}
		}
	}
	for _, a := range rest {
		if problem := k.modulePath(a); problem != "" {
			return problem
		}
	}
	if c.repoPaths {
		return k.repoRefs(rest)
	}
	return ""
}

// modulePath checks a word that names a package of this module
// (github.com/lambdaperf/lambdaperf/x[@version]): the folder exists.
func (k *checker) modulePath(w string) string {
	p, _, _ := strings.Cut(w, "@")
	if p != module && !strings.HasPrefix(p, module+"/") {
		return ""
	}
	rel := strings.TrimSuffix(strings.TrimPrefix(strings.TrimPrefix(p, module), "/"), "/...")
	if st, err := os.Stat(filepath.Join(k.root, filepath.FromSlash(rel))); err != nil || !st.IsDir() {
		return fmt.Sprintf("%s: no such package in the module", w)
	}
	return ""
}

// checkNpx checks npx of the CDK CLI, Artillery (at the version the tests
// pin) or a package the root package.json pins.
func (k *checker) checkNpx(c docCommand, args []string) string {
	j := slices.IndexFunc(args, func(a string) bool { return !strings.HasPrefix(a, "-") })
	if j < 0 {
		return ""
	}
	name, version := npmSpec(args[j])
	switch {
	case name == "cdk" || name == "aws-cdk":
		if problem := k.npmPin("aws-cdk", version); problem != "" {
			return problem
		}
		return k.checkCDK(args[j+1:])
	case name == "artillery":
		if version != "" && version != localinvoke.ArtilleryVersion {
			return fmt.Sprintf("npx %s: the tests pin Artillery %s (localinvoke.ArtilleryVersion, test/artillery)", args[j], localinvoke.ArtilleryVersion)
		}
		return oneOf("artillery", args[j+1:], "run", "run-lambda", "run-fargate", "report", "quick")
	case k.npmPins[name] != "":
		return k.npmPin(name, version)
	}
	if c.lenient {
		return ""
	}
	return fmt.Sprintf("npx %s: a package the checks do not know", args[j])
}

// npmSpec splits name@version (a scoped @scope/name too).
func npmSpec(s string) (name, version string) {
	if i := strings.LastIndex(s, "@"); i > 0 {
		return s[:i], s[i+1:]
	}
	return s, ""
}

// npmPin checks a version against the root package.json's pin.
func (k *checker) npmPin(name, version string) string {
	if pin := k.npmPins[name]; version != "" && pin != "" && version != pin {
		return fmt.Sprintf("%s@%s: package.json pins %s@%s", name, version, name, pin)
	}
	return ""
}

// checkNpm checks npm: a known subcommand, and pinned versions.
func (k *checker) checkNpm(args []string) string {
	if problem := oneOf("npm", args, "ci", "install", "i", "init", "run", "exec", "test", "pack", "ls", "view"); problem != "" {
		return problem
	}
	for _, a := range args[1:] {
		if strings.HasPrefix(a, "-") {
			continue
		}
		if name, version := npmSpec(a); version != "" {
			if problem := k.npmPin(name, version); problem != "" {
				return problem
			}
		}
	}
	return ""
}

// checkCDK checks a CDK CLI command: a command of `cdk --help`, and each
// --flag in the command's own --help.
func (k *checker) checkCDK(args []string) string {
	sub := firstWord(args)
	if sub == "" {
		return ""
	}
	if !k.cdk[sub] {
		return fmt.Sprintf("cdk %s: not a command of the CDK CLI (cdk --help)", sub)
	}
	for _, a := range args {
		if !strings.HasPrefix(a, "--") {
			continue
		}
		name, _, _ := strings.Cut(strings.TrimPrefix(a, "--"), "=")
		name = strings.TrimPrefix(name, "no-")
		help, err := k.cdkCommandHelp(sub)
		if err != nil {
			return err.Error()
		}
		if !regexp.MustCompile(`--(no-)?` + regexp.QuoteMeta(name) + `\b`).MatchString(help) {
			return fmt.Sprintf("cdk %s: no flag --%s (cdk %s --help)", sub, name, sub)
		}
	}
	return ""
}

// cdkCommandHelp is `cdk SUB --help`, read once.
func (k *checker) cdkCommandHelp(sub string) (string, error) {
	if h, ok := k.cdkHelp[sub]; ok {
		return h, nil
	}
	out, err := cdkCommand(k.cdkBin, sub, "--help")
	if err != nil {
		return "", fmt.Errorf("cdk %s --help: %v", sub, err)
	}
	k.cdkHelp[sub] = out
	return out, nil
}

// cdkCommand runs the CDK CLI offline.
func cdkCommand(bin string, args ...string) (string, error) {
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), "CDK_DISABLE_CLI_TELEMETRY=true", "AWS_EC2_METADATA_DISABLED=true")
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// newChecker reads the facts: it builds the CLI into dir.
func newChecker(root, dir string) (*checker, error) {
	k := &checker{root: root, lambdaperf: map[string]map[string]bool{}, cdk: map[string]bool{}, cdkHelp: map[string]string{}}

	bin := filepath.Join(dir, "lambdaperf")
	build := exec.Command("go", "build", "-o", bin, "./cmd/lambdaperf")
	build.Dir = root
	if out, err := build.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("go build ./cmd/lambdaperf: %v\n%s", err, out)
	}
	usage, _ := exec.Command(bin, "-h").Output()
	inCommands := false
	for _, line := range strings.Split(string(usage), "\n") {
		switch {
		case strings.TrimSpace(line) == "Commands:":
			inCommands = true
		case inCommands && strings.HasPrefix(line, "  ") && strings.TrimSpace(line) != "":
			name := strings.Fields(line)[0]
			flags, err := lambdaperfFlags(bin, name)
			if err != nil {
				return nil, err
			}
			k.lambdaperf[name] = flags
		case inCommands && strings.TrimSpace(line) == "":
			inCommands = len(k.lambdaperf) == 0
		}
	}
	if len(k.lambdaperf) == 0 {
		return nil, fmt.Errorf("lambdaperf -h lists no commands:\n%s", usage)
	}

	mk, err := os.ReadFile(filepath.Join(root, "Makefile"))
	if err != nil {
		return nil, err
	}
	k.makeTargets = makeTargets(string(mk))

	var pkg struct{ DevDependencies, Dependencies map[string]string }
	b, err := os.ReadFile(filepath.Join(root, "package.json"))
	if err == nil {
		err = json.Unmarshal(b, &pkg)
	}
	if err != nil {
		return nil, fmt.Errorf("package.json: %v", err)
	}
	k.npmPins = pkg.DevDependencies
	for n, v := range pkg.Dependencies {
		k.npmPins[n] = v
	}

	k.cdkBin = filepath.Join(root, "node_modules", ".bin", "cdk")
	help, err := cdkCommand(k.cdkBin, "--help")
	if err != nil {
		return nil, fmt.Errorf("cdk --help (run make deps: it installs the pinned CDK CLI): %v\n%s", err, help)
	}
	k.cdk = cdkCommands(help)
	if !k.cdk["synth"] || !k.cdk["deploy"] {
		return nil, fmt.Errorf("cdk --help lists no synth or deploy:\n%s", help)
	}
	return k, nil
}

// lambdaperfFlags reads `lambdaperf CMD -h`: each "  --name TYPE" line is
// a flag (taking a value when TYPE is there).
func lambdaperfFlags(bin, cmd string) (map[string]bool, error) {
	out, err := exec.Command(bin, cmd, "-h").Output()
	if err != nil {
		return nil, fmt.Errorf("lambdaperf %s -h: %v", cmd, err)
	}
	flags := map[string]bool{}
	for _, m := range regexp.MustCompile(`(?m)^  --([a-z0-9-]+) ?(\S*)`).FindAllStringSubmatch(string(out), -1) {
		flags[m[1]] = m[2] != ""
	}
	return flags, nil
}

// makeTargets are the rule targets of a Makefile (not variable
// assignments, not pattern rules).
func makeTargets(mk string) map[string]bool {
	targets := map[string]bool{}
	rule := regexp.MustCompile(`^([A-Za-z0-9_./$() -]+?)\s*:([^=]|$)`)
	sc := bufio.NewScanner(strings.NewReader(mk))
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "\t") || strings.HasPrefix(line, "#") {
			continue
		}
		if m := rule.FindStringSubmatch(line); m != nil {
			for _, t := range strings.Fields(m[1]) {
				if !strings.ContainsAny(t, "$%") && !strings.HasPrefix(t, ".") {
					targets[t] = true
				}
			}
		}
	}
	return targets
}

// cdkCommands reads the command names (and aliases) of `cdk --help`.
func cdkCommands(help string) map[string]bool {
	cmds := map[string]bool{}
	for _, m := range regexp.MustCompile(`(?m)^  cdk ([a-z-]+)`).FindAllStringSubmatch(help, -1) {
		cmds[m[1]] = true
	}
	for _, m := range regexp.MustCompile(`\[aliases: ([^\]]+)\]`).FindAllStringSubmatch(help, -1) {
		for _, a := range strings.Split(m[1], ",") {
			cmds[strings.TrimSpace(a)] = true
		}
	}
	return cmds
}
