package optimizedfn

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// DefaultPythonHandler is the handler of a Python entry that sets none:
// function handler in index.py.
const DefaultPythonHandler = "index.handler"

var (
	pythonHandler = regexp.MustCompile(`^[A-Za-z_]\w*(\.[A-Za-z_]\w*)+$`)
	// requirementName is the project name a requirement line starts with
	// (PEP 508).
	requirementName = regexp.MustCompile(`^([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(?:\[[^\]]*\])?\s*(?:[<>=!~;@(]|$)`)
	// nameSeparators are the characters PEP 503 treats as one.
	nameSeparators = regexp.MustCompile(`[-_.]+`)
)

// resolvePython checks the handler module and function, and that every
// requirement is vendored: bundling copies the folder and never runs pip.
func resolvePython(p *Plan, props *Props, fail func(string, ...any)) {
	if files, _ := filepath.Glob(filepath.Join(p.Entry, "*.py")); len(files) == 0 {
		fail("Entry %q has no .py files: point it at the folder that holds the handler module", props.Entry)
		return
	}
	p.Handler = props.Handler
	if p.Handler == "" {
		p.Handler = DefaultPythonHandler
	}
	if !pythonHandler.MatchString(p.Handler) {
		fail("Handler %q is not a Python handler: use module.function, e.g. %q for handler() in index.py", p.Handler, DefaultPythonHandler)
		return
	}
	dot := strings.LastIndex(p.Handler, ".")
	module, function := p.Handler[:dot], p.Handler[dot+1:]
	modPath := filepath.Join(p.Entry, filepath.FromSlash(strings.ReplaceAll(module, ".", "/")))
	source := modPath + ".py"
	if !fileExists(source) {
		source = filepath.Join(modPath, "__init__.py")
	}
	src, err := os.ReadFile(source)
	if err != nil {
		fail("Handler %q: module %s is not in Entry %q (no %s.py): set Handler to module.function", p.Handler, module, props.Entry, strings.ReplaceAll(module, ".", "/"))
		return
	}
	def := regexp.MustCompile(`(?m)^(?:async\s+def\s+|def\s+)` + regexp.QuoteMeta(function) + `\s*\(|^` + regexp.QuoteMeta(function) + `\s*=`)
	if !def.Match(src) {
		fail("Handler %q: %s defines no top-level function %s: define it or set Handler to the function Lambda calls", p.Handler, filepath.Base(source), function)
	}

	req := filepath.Join(p.Entry, "requirements.txt")
	if !fileExists(req) {
		return
	}
	p.PythonRequirements = req
	names, problems := readRequirements(req, map[string]bool{})
	for _, pr := range problems {
		fail("Entry %q: %s", props.Entry, pr)
	}
	vendored := vendoredPackages(p.Entry)
	var missing []string
	for _, n := range names {
		if !vendored[normalizeName(n)] {
			missing = append(missing, n)
		}
	}
	if len(missing) > 0 {
		platform := "manylinux2014_aarch64"
		if props.Architecture == X86_64 {
			platform = "manylinux2014_x86_64"
		}
		version := strings.TrimPrefix(string(p.Runtime), "python")
		fail("Entry %q: requirements.txt needs %s, not vendored in the folder, and Python bundling is offline (no pip, no network, no Docker): "+
			"install them into the folder for Lambda's platform, e.g. `pip install --target %s --platform %s --only-binary=:all: --python-version %s -r %s`, or remove them from requirements.txt",
			props.Entry, strings.Join(missing, ", "), props.Entry, platform, version, filepath.Join(props.Entry, "requirements.txt"))
	}
}

// readRequirements returns the project names a requirements file asks for,
// following -r includes, and the lines it cannot check offline.
func readRequirements(file string, seen map[string]bool) (names, problems []string) {
	if seen[file] {
		return nil, nil
	}
	seen[file] = true
	f, err := os.Open(file)
	if err != nil {
		return nil, []string{fmt.Sprintf("cannot read %s: %v", file, err)}
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	lineNo, line := 0, ""
	for sc.Scan() {
		lineNo++
		text := sc.Text()
		if strings.HasSuffix(text, `\`) {
			line += strings.TrimSuffix(text, `\`) + " "
			continue
		}
		line += text
		l := strings.TrimSpace(line)
		line = ""
		// pip reads # at the start or after whitespace as a comment.
		if strings.HasPrefix(l, "#") {
			continue
		}
		if i := strings.Index(l, " #"); i >= 0 {
			l = strings.TrimSpace(l[:i])
		}
		if l == "" {
			continue
		}
		if strings.HasPrefix(l, "-") {
			opt, arg, _ := strings.Cut(strings.Replace(l, "=", " ", 1), " ")
			arg = strings.TrimSpace(arg)
			switch opt {
			case "-r", "--requirement":
				n, p := readRequirements(filepath.Join(filepath.Dir(file), arg), seen)
				names, problems = append(names, n...), append(problems, p...)
			case "-e", "--editable":
				problems = append(problems, fmt.Sprintf("%s:%d installs %q in editable mode, which cannot be vendored: install it into the folder and list it by name", filepath.Base(file), lineNo, arg))
			}
			// Index, hash and constraint options install nothing themselves.
			continue
		}
		m := requirementName.FindStringSubmatch(l)
		if m == nil {
			problems = append(problems, fmt.Sprintf("%s:%d %q names no package (a path or URL?), so it cannot be checked offline: install it into the folder and list it by name", filepath.Base(file), lineNo, l))
			continue
		}
		names = append(names, m[1])
	}
	return names, problems
}

// vendoredPackages are the normalized names installed in dir: projects with
// a .dist-info or .egg-info folder (what pip --target leaves), and top-level
// packages and modules.
func vendoredPackages(dir string) map[string]bool {
	found := map[string]bool{}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		name := e.Name()
		switch {
		case e.IsDir() && (strings.HasSuffix(name, ".dist-info") || strings.HasSuffix(name, ".egg-info")):
			project, _, _ := strings.Cut(strings.TrimSuffix(strings.TrimSuffix(name, ".dist-info"), ".egg-info"), "-")
			found[normalizeName(project)] = true
		case e.IsDir():
			found[normalizeName(name)] = true
		case strings.HasSuffix(name, ".py"):
			found[normalizeName(strings.TrimSuffix(name, ".py"))] = true
		}
	}
	return found
}

// normalizeName is a project name as PEP 503 compares it.
func normalizeName(name string) string {
	return strings.ToLower(nameSeparators.ReplaceAllString(name, "-"))
}
