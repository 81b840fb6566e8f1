// Package docs keeps the README a front door and the guides in docs/
// true: the README stays short and opens with the two commands, every
// relative link resolves (file and heading), every command names programs,
// subcommands, flags, targets, packages and paths that exist, the README's
// first stack works in a module outside the repository, and the advisor's
// rule table is audit.Rules(). `go test ./test/docs -update` rewrites the
// generated parts of the guides.
package docs

import (
	"flag"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the generated parts of the guides (the advisor's rule table)")

// Front-door bounds of README.md.
const (
	maxREADMELines = 250
	// maxProseLine bounds a README line outside code blocks, tables and
	// indented code, in characters: a line a reader sees whole in a
	// terminal, an editor and GitHub's diff view.
	maxProseLine = 100
)

// repoDir is the repository root, found from this file.
func repoDir() string {
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		panic("docs: cannot locate the repository")
	}
	return filepath.Dir(filepath.Dir(filepath.Dir(file)))
}

// tmp holds what the tests build (the CLI), removed after the run.
var tmp string

func TestMain(m *testing.M) {
	var err error
	if tmp, err = os.MkdirTemp("", "lambdaperf-docs-"); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	code := m.Run()
	os.RemoveAll(tmp)
	os.Exit(code)
}

// guides are README.md and every docs/*.md, repository-relative.
func guides(t *testing.T) []*page {
	t.Helper()
	root := repoDir()
	names, err := filepath.Glob(filepath.Join(root, "docs", "*.md"))
	if err != nil {
		t.Fatal(err)
	}
	rels := []string{"README.md"}
	for _, n := range names {
		rels = append(rels, "docs/"+filepath.Base(n))
	}
	var pages []*page
	for _, rel := range rels {
		p, err := readPage(root, rel)
		if err != nil {
			t.Fatal(err)
		}
		pages = append(pages, p)
	}
	return pages
}

var (
	checkerOnce sync.Once
	theChecker  *checker
	checkerErr  error
)

// facts is the command checker, built once per test binary.
func facts(t *testing.T) *checker {
	t.Helper()
	checkerOnce.Do(func() { theChecker, checkerErr = newChecker(repoDir(), tmp) })
	if checkerErr != nil {
		t.Fatal(checkerErr)
	}
	return theChecker
}

// TestREADMEIsAFrontDoor: at most 250 lines, no prose line over 100
// characters, the two commands first, a short section for each audience
// that links its guide, and the compatibility promise CHANGELOG.md points
// to.
func TestREADMEIsAFrontDoor(t *testing.T) {
	p, err := readPage(repoDir(), "README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, problem := range frontDoorProblems(p) {
		t.Error(problem)
	}
}

// frontDoorProblems says how a README fails to be a front door.
func frontDoorProblems(p *page) []string {
	var problems []string
	if n := len(p.lines); n > maxREADMELines {
		problems = append(problems, fmt.Sprintf("README.md has %d lines, at most %d: move detail into a guide in docs/", n, maxREADMELines))
	}
	for i, line := range p.lines {
		if p.code[i] || strings.HasPrefix(line, "|") || strings.HasPrefix(line, "    ") || strings.HasPrefix(line, "\t") {
			continue
		}
		if n := len([]rune(line)); n > maxProseLine {
			problems = append(problems, fmt.Sprintf("README.md:%d: %d characters, at most %d outside code and tables", i+1, n, maxProseLine))
		}
	}

	// The first thing after the title: a shell block of `make synth` and
	// `make test`, nothing else.
	first := -1
	for i, line := range p.lines {
		if strings.TrimSpace(line) == "" || (i == 0 && strings.HasPrefix(line, "# ")) {
			continue
		}
		first = i
		break
	}
	opens := false
	if first >= 0 && len(p.blocks) > 0 && p.blocks[0].line == first+2 && slices.Contains(shellLangs, p.blocks[0].lang()) {
		cmds, err := simpleCommands(strings.Join(p.blocks[0].lines, "\n"))
		var got []string
		for _, c := range cmds {
			got = append(got, strings.Join(c.argv, " "))
		}
		opens = err == nil && slices.Equal(got, []string{"make synth", "make test"})
	}
	if !opens {
		problems = append(problems, "README.md must open (after its title) with a shell block of exactly `make synth` and `make test`, the two commands that work on a fresh machine")
	}

	// Each audience's section links its guide in docs/.
	sections := map[string]string{"For app teams": "", "For platform teams": "", "The command line": "", "Versions and compatibility": ""}
	cur := ""
	for i, line := range p.lines {
		if p.code[i] {
			continue
		}
		if m := heading.FindStringSubmatch(line); m != nil {
			cur = m[2]
			continue
		}
		if _, ok := sections[cur]; ok {
			sections[cur] += line + "\n"
		}
	}
	for _, name := range slices.Sorted(maps.Keys(sections)) {
		body := sections[name]
		want := "](docs/"
		if name == "Versions and compatibility" {
			want = "](CHANGELOG.md)"
		}
		switch {
		case body == "":
			problems = append(problems, fmt.Sprintf("README.md has no section %q", name))
		case !strings.Contains(body, want):
			problems = append(problems, fmt.Sprintf("README.md's section %q links no %s...)", name, want[2:]))
		}
	}
	return problems
}

// TestLinksResolve: every relative link in README.md and docs/*.md names a
// file or folder of the repository and, after #, a heading of that page
// as GitHub anchors it.
func TestLinksResolve(t *testing.T) {
	pages := guides(t)
	for _, p := range pages {
		for _, problem := range linkProblems(repoDir(), p) {
			t.Error(problem)
		}
	}
}

// linkProblems checks a page's relative links.
func linkProblems(root string, p *page) []string {
	var problems []string
	anchorsOf := map[string]map[string]bool{}
	for _, l := range p.links {
		target := l.target
		if target == "" || strings.Contains(target, "://") || strings.HasPrefix(target, "mailto:") {
			continue
		}
		file, frag, _ := strings.Cut(target, "#")
		where := fmt.Sprintf("%s:%d: link %s", p.path, l.line, target)
		rel := p.path
		if file != "" {
			rel = filepath.ToSlash(filepath.Clean(filepath.Join(filepath.Dir(p.path), file)))
			if rel == ".." || strings.HasPrefix(rel, "../") {
				problems = append(problems, where+": leaves the repository")
				continue
			}
			if _, err := os.Stat(filepath.Join(root, filepath.FromSlash(rel))); err != nil {
				problems = append(problems, where+": no such file or folder")
				continue
			}
		}
		if frag == "" {
			continue
		}
		if !strings.HasSuffix(rel, ".md") {
			if !lineAnchor(frag) {
				problems = append(problems, where+": an anchor into a file that is not Markdown (only #L<line> works there)")
			}
			continue
		}
		anchors, ok := anchorsOf[rel]
		if !ok {
			target := p
			if rel != p.path {
				var err error
				if target, err = readPage(root, rel); err != nil {
					problems = append(problems, fmt.Sprintf("%s: %v", where, err))
					continue
				}
			}
			anchors = target.anchors()
			anchorsOf[rel] = anchors
		}
		if !anchors[frag] {
			problems = append(problems, fmt.Sprintf("%s: %s has no heading with the anchor #%s", where, rel, frag))
		}
	}
	return problems
}

// lineAnchor is GitHub's #L12 or #L12-L20 into a source file.
func lineAnchor(frag string) bool {
	a, b, ranged := strings.Cut(frag, "-")
	ok := func(s string) bool { return len(s) > 1 && s[0] == 'L' && isDigits(s[1:]) }
	return ok(a) && (!ranged || ok(b))
}

// TestCommandsExist: every command in a sh/bash block of README.md and
// docs/*.md, and every lambdaperf, make, go, npx or cdk command in a code
// span of their prose, names what exists: the CLI's commands and flags
// (from the built binary's -h), the Makefile's targets, the module's
// packages, the CDK CLI's commands and flags, the pinned npm versions,
// the reference stacks, and (outside illustrative and your-module blocks)
// the repository paths.
func TestCommandsExist(t *testing.T) {
	k := facts(t)
	n := 0
	for _, p := range guides(t) {
		cmds, problems := commandsOf(p)
		for _, problem := range problems {
			t.Error(problem)
		}
		for _, c := range cmds {
			n++
			if problem := k.check(c); problem != "" {
				t.Errorf("%s: `%s`: %s", c.where, strings.Join(c.argv, " "), problem)
			}
		}
	}
	t.Logf("%d commands checked", n)
	if n < 20 {
		t.Errorf("only %d commands found in the README and the guides: is the extraction broken?", n)
	}
}
