package optimizedfn

import (
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// MinJDK is the oldest JDK that compiles Java handlers: javac --release
// needs 9+, and 11 is the oldest LTS still in use.
const MinJDK = 11

// javaSourceRoot is the folder packages start in: src/main/java for a
// Maven or Gradle layout, else the entry folder itself.
func javaSourceRoot(entry string) string {
	if maven := filepath.Join(entry, "src", "main", "java"); isDir(maven) {
		return maven
	}
	return entry
}

// javaFiles lists the .java files under root, sorted, skipping hidden
// folders and build output (target, build, out).
func javaFiles(root string) ([]string, error) {
	var files []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && path != root && (strings.HasPrefix(d.Name(), ".") || d.Name() == "target" || d.Name() == "build" || d.Name() == "out") {
			return filepath.SkipDir
		}
		if !d.IsDir() && strings.HasSuffix(d.Name(), ".java") {
			files = append(files, path)
		}
		return nil
	})
	sort.Strings(files)
	return files, err
}

var (
	javaHandler  = regexp.MustCompile(`^((?:[A-Za-z_$][\w$]*\.)*)([A-Za-z_$][\w$]*)(?:::([A-Za-z_$][\w$]*))?$`)
	javaPackage  = regexp.MustCompile(`(?m)^\s*package\s+([\w.]+)\s*;`)
	handleMethod = regexp.MustCompile(`\bhandleRequest\s*\(`)
)

// resolveJava finds the sources and checks (or finds) the handler class.
func resolveJava(p *Plan, props *Props, fail func(string, ...any)) {
	p.JavaSources = javaSourceRoot(p.Entry)
	if res := filepath.Join(p.Entry, "src", "main", "resources"); isDir(res) {
		p.JavaResources = res
	}
	files, err := javaFiles(p.JavaSources)
	if err != nil {
		fail("Entry %q: cannot read the Java sources: %v", props.Entry, err)
		return
	}
	if len(files) == 0 {
		fail("Entry %q has no .java files: point it at a Java source root or a project folder with src/main/java", props.Entry)
		return
	}
	if props.Handler == "" {
		var found []string
		for _, f := range files {
			src, err := os.ReadFile(f)
			if err != nil || !handleMethod.Match(src) {
				continue
			}
			class := strings.TrimSuffix(filepath.Base(f), ".java")
			if m := javaPackage.FindSubmatch(src); m != nil {
				class = string(m[1]) + "." + class
			}
			found = append(found, class+"::handleRequest")
		}
		switch len(found) {
		case 0:
			fail("Entry %q: no class declares a handleRequest method: add one, e.g. public Map<String, Object> handleRequest(Map<String, Object> event), or set Handler to package.Class::method", props.Entry)
		case 1:
			p.Handler = found[0]
		default:
			fail("Entry %q: several classes declare handleRequest (%s): set Handler to the one Lambda calls", props.Entry, strings.Join(found, ", "))
		}
		return
	}
	m := javaHandler.FindStringSubmatch(props.Handler)
	if m == nil {
		fail("Handler %q is not a Java handler: use package.Class::method, e.g. com.example.Orders::handleRequest", props.Handler)
		return
	}
	p.Handler = props.Handler
	method := m[3]
	if method == "" {
		method = "handleRequest"
	}
	source := filepath.Join(p.JavaSources, filepath.FromSlash(strings.ReplaceAll(m[1], ".", "/")), m[2]+".java")
	src, err := os.ReadFile(source)
	switch {
	case err != nil:
		fail("Handler %q names class %s%s, but %s does not exist: set Handler to a class in Entry %q", props.Handler, m[1], m[2], source, props.Entry)
	case !regexp.MustCompile(`\b` + regexp.QuoteMeta(method) + `\s*\(`).Match(src):
		fail("Handler %q: %s declares no method %s: add it or name the method Lambda calls", props.Handler, filepath.Base(source), method)
	}
}

// resolveJavac finds the JDK that compiles the handler ($JAVA_HOME first,
// as Maven and Gradle do, then PATH) and the release it targets.
func resolveJavac(p *Plan, fail func(string, ...any)) {
	javac := ""
	if home := os.Getenv("JAVA_HOME"); home != "" {
		if f := filepath.Join(home, "bin", "javac"); fileExists(f) {
			javac = f
		}
	}
	if javac == "" {
		var err error
		if javac, err = lookPath("javac"); err != nil {
			fail("javac is not on PATH (nor in JAVA_HOME), and Java handlers are compiled locally (no Maven, no Docker): install JDK %d+ (21+ to target java21 exactly) and put its bin folder on PATH or set JAVA_HOME", MinJDK)
			return
		}
	}
	v, err := javacVersion(javac)
	if err != nil {
		fail("cannot tell which JDK %s belongs to (%v): set JAVA_HOME to a JDK %d+", javac, err, MinJDK)
		return
	}
	if v < MinJDK {
		fail("%s is from JDK %d, and Java handlers need JDK %d+: set JAVA_HOME to a newer JDK", javac, v, MinJDK)
		return
	}
	p.Javac = javac
	p.JavaRelease = min(v, runtimes[p.Runtime].javaVersion)
}

// javacVersion is the feature release (17, 21, ...) of a javac, replaceable
// in tests.
var javacVersion = cachedJavacVersion

var javacVersions sync.Map // javac path -> int

// cachedJavacVersion reads the JDK's `release` file (no process to start),
// falling back to `javac -version`.
func cachedJavacVersion(javac string) (int, error) {
	if v, ok := javacVersions.Load(javac); ok {
		return v.(int), nil
	}
	v, err := readJavacVersion(javac)
	if err == nil {
		javacVersions.Store(javac, v)
	}
	return v, err
}

var javaVersionLine = regexp.MustCompile(`(?m)^JAVA_VERSION="([^"]+)"`)

func readJavacVersion(javac string) (int, error) {
	if real, err := filepath.EvalSymlinks(javac); err == nil {
		if b, err := os.ReadFile(filepath.Join(filepath.Dir(filepath.Dir(real)), "release")); err == nil {
			if m := javaVersionLine.FindSubmatch(b); m != nil {
				return javaFeature(string(m[1]))
			}
		}
	}
	out, err := exec.Command(javac, "-version").CombinedOutput()
	if err != nil {
		return 0, fmt.Errorf("%v: %s", err, strings.TrimSpace(string(out)))
	}
	f := strings.Fields(string(out))
	if len(f) < 2 || f[0] != "javac" {
		return 0, fmt.Errorf("unexpected `javac -version` output %q", out)
	}
	return javaFeature(f[1])
}

// javaFeature is the feature release of a Java version string: "17.0.15"
// is 17, "21" is 21, the old "1.8.0_392" is 8.
func javaFeature(version string) (int, error) {
	parts := strings.Split(version, ".")
	if parts[0] == "1" && len(parts) > 1 {
		parts = parts[1:]
	}
	digits := parts[0]
	if i := strings.IndexFunc(digits, func(r rune) bool { return r < '0' || r > '9' }); i >= 0 {
		digits = digits[:i]
	}
	n, err := strconv.Atoi(digits)
	if err != nil {
		return 0, fmt.Errorf("java version %q: %v", version, err)
	}
	return n, nil
}

func isDir(path string) bool {
	st, err := os.Stat(path)
	return err == nil && st.IsDir()
}
