package docs

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"unicode"
)

// page is one Markdown file, read the way GitHub renders it as far as the
// checks need: fenced code blocks, code spans, inline links, headings.
type page struct {
	path   string   // relative to the repository root, with slashes
	lines  []string // the file's lines
	code   []bool   // per line: inside a fenced code block (fences included)
	blocks []block  // fenced code blocks, in order
	spans  []span   // code spans outside code blocks, in order
	links  []link   // inline links and images outside code, in order
	heads  []string // heading texts outside code, in order
}

// block is a fenced code block.
type block struct {
	info  []string // the info string's words: the language, then markers
	line  int      // 1-based line of the first content line
	lines []string // content
}

// lang is the block's language (the info string's first word).
func (b block) lang() string {
	if len(b.info) == 0 {
		return ""
	}
	return b.info[0]
}

// has reports whether the info string carries the marker word.
func (b block) has(marker string) bool {
	for _, w := range b.info[min(1, len(b.info)):] {
		if w == marker {
			return true
		}
	}
	return false
}

// span is a code span (`...`) of prose, with line breaks made spaces and
// table escapes (\|) undone.
type span struct {
	text string
	line int
}

// link is an inline link or image target.
type link struct {
	target string
	line   int
}

var (
	fenceOpen = regexp.MustCompile("^ {0,3}(`{3,}|~{3,})\\s*(.*)$")
	heading   = regexp.MustCompile(`^ {0,3}(#{1,6})\s+(.*?)\s*#*\s*$`)
	// inlineLink matches [text](target) and ![alt](target "title"); the
	// text may span lines within a paragraph.
	inlineLink = regexp.MustCompile(`!?\[[^\]]*\]\(\s*<?([^()\s<>]*)>?(?:\s+"[^"]*")?\s*\)`)
)

// readPage reads a Markdown file of the repository.
func readPage(root, rel string) (*page, error) {
	b, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(rel)))
	if err != nil {
		return nil, err
	}
	return parsePage(rel, string(b)), nil
}

// parsePage splits text into code blocks and prose, and finds the prose's
// code spans, links and headings.
func parsePage(rel, text string) *page {
	p := &page{path: rel, lines: strings.Split(strings.TrimSuffix(text, "\n"), "\n")}
	p.code = make([]bool, len(p.lines))
	var fence string
	var cur *block
	for i, line := range p.lines {
		if cur != nil {
			t := strings.TrimLeft(line, " ")
			indent := len(line) - len(t)
			t = strings.TrimRight(t, " \t")
			if strings.HasPrefix(t, fence) && strings.Trim(t, fence[:1]) == "" && indent <= 3 {
				p.code[i] = true
				p.blocks = append(p.blocks, *cur)
				cur = nil
				continue
			}
			p.code[i] = true
			cur.lines = append(cur.lines, line)
			continue
		}
		if m := fenceOpen.FindStringSubmatch(line); m != nil && !(m[1][0] == '`' && strings.Contains(m[2], "`")) {
			fence = m[1]
			cur = &block{info: strings.Fields(m[2]), line: i + 2}
			p.code[i] = true
		}
	}
	if cur != nil { // an unclosed fence runs to the end, as CommonMark says
		p.blocks = append(p.blocks, *cur)
	}

	// Prose paragraphs: runs of non-blank lines outside code blocks.
	for i := 0; i < len(p.lines); {
		if p.code[i] || strings.TrimSpace(p.lines[i]) == "" {
			i++
			continue
		}
		start := i
		for i < len(p.lines) && !p.code[i] && strings.TrimSpace(p.lines[i]) != "" {
			if m := heading.FindStringSubmatch(p.lines[i]); m != nil {
				p.heads = append(p.heads, m[2])
			}
			i++
		}
		p.prose(strings.Join(p.lines[start:i], "\n"), start+1)
	}
	return p
}

// prose records the code spans and links of one paragraph that starts at
// line first.
func (p *page) prose(par string, first int) {
	lineAt := func(off int) int { return first + strings.Count(par[:off], "\n") }
	// Blank out code spans (keeping line breaks), so links inside them
	// are not links.
	blanked := []byte(par)
	for i := 0; i < len(par); {
		if par[i] == '\\' {
			i += 2
			continue
		}
		if par[i] != '`' {
			i++
			continue
		}
		n := 0
		for i+n < len(par) && par[i+n] == '`' {
			n++
		}
		end := closingTicks(par, i+n, n)
		if end < 0 {
			i += n
			continue
		}
		text := strings.ReplaceAll(par[i+n:end], "\n", " ")
		if len(text) > 2 && text[0] == ' ' && text[len(text)-1] == ' ' && strings.Trim(text, " ") != "" {
			text = text[1 : len(text)-1]
		}
		p.spans = append(p.spans, span{text: strings.ReplaceAll(text, `\|`, "|"), line: lineAt(i)})
		for j := i; j < end+n; j++ {
			if blanked[j] != '\n' {
				blanked[j] = ' '
			}
		}
		i = end + n
	}
	for _, m := range inlineLink.FindAllSubmatchIndex(blanked, -1) {
		p.links = append(p.links, link{target: string(blanked[m[2]:m[3]]), line: lineAt(m[0])})
	}
}

// closingTicks is the index of the next run of exactly n backticks at or
// after i, or -1.
func closingTicks(s string, i, n int) int {
	for i < len(s) {
		if s[i] != '`' {
			i++
			continue
		}
		j := i
		for j < len(s) && s[j] == '`' {
			j++
		}
		if j-i == n {
			return i
		}
		i = j
	}
	return -1
}

// anchors are the fragment identifiers GitHub gives the page's headings
// (and explicit HTML anchors).
func (p *page) anchors() map[string]bool {
	seen := map[string]int{}
	out := map[string]bool{}
	for _, h := range p.heads {
		s := slug(h)
		if n := seen[s]; n > 0 {
			out[fmt.Sprintf("%s-%d", s, n)] = true
		} else {
			out[s] = true
		}
		seen[s]++
	}
	for i, line := range p.lines {
		if p.code[i] {
			continue
		}
		for _, m := range htmlAnchor.FindAllStringSubmatch(line, -1) {
			out[m[1]] = true
		}
	}
	return out
}

var (
	htmlAnchor   = regexp.MustCompile(`<a\s+(?:name|id)="([^"]+)"`)
	headingLink  = regexp.MustCompile(`!?\[([^\]]*)\]\([^)]*\)`)
	headingTag   = regexp.MustCompile(`<[^>]+>`)
	headingMarks = strings.NewReplacer("`", "", "*", "")
)

// slug is GitHub's anchor for a heading: the rendered text (links as
// their text, no code ticks, emphasis marks or HTML tags), lower case,
// with every character that is not a letter, a number, a hyphen, an
// underscore or a space dropped, and spaces made hyphens (github-slugger,
// which github.com follows; repeated hyphens stay).
func slug(h string) string {
	t := headingLink.ReplaceAllString(h, "$1")
	t = headingTag.ReplaceAllString(t, "")
	t = headingMarks.Replace(t)
	var b strings.Builder
	for _, r := range strings.ToLower(t) {
		switch {
		case unicode.IsLetter(r), unicode.IsNumber(r), r == '-', r == '_':
			b.WriteRune(r)
		case r == ' ':
			b.WriteByte('-')
		}
	}
	return b.String()
}
