// Package logpattern evaluates the subset of CloudWatch Logs JSON filter
// pattern syntax that lambdaperf's metric filters use, so tests can run the
// exact pattern strings against real-format log records without AWS.
//
// The syntax follows
// https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html
// (section "Using filter patterns to match terms in JSON log events"):
//
//	{ $.type = "platform.report" && ($.record.metrics.initDurationMs > 0 || $.a[0].b != "x*") }
//
// Supported: one pair of braces around the whole pattern; selectors made of
// `$`, `.name` and `[index]`; the operators =, !=, <, <=, >, >=; values
// that are numbers or strings (double-quoted, or bare words), with `*`
// wildcards in strings compared by = and !=; && binding tighter than ||;
// parentheses. As in CloudWatch, a comparison against a missing field, or a
// field of another type (a number compared with a string, an object with
// anything), does not match. Not supported (a parse error, never a silent
// mismatch): IS NULL, IS TRUE/FALSE, NOT EXISTS, regular expressions (%..%),
// and space-delimited or plain-text patterns.
package logpattern

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Pattern is a parsed JSON filter pattern.
type Pattern struct {
	src  string
	root node
}

// String returns the pattern as it was parsed.
func (p *Pattern) String() string { return p.src }

// Parse reads a JSON filter pattern, reporting the position of the first
// thing it does not understand.
func Parse(pattern string) (*Pattern, error) {
	p := &parser{src: pattern}
	p.skipSpace()
	if !p.eat("{") {
		return nil, p.errorf("a JSON filter pattern starts with {")
	}
	root, err := p.or()
	if err != nil {
		return nil, err
	}
	p.skipSpace()
	if !p.eat("}") {
		return nil, p.errorf("expected && || or the closing }")
	}
	p.skipSpace()
	if p.pos != len(p.src) {
		return nil, p.errorf("unexpected text after the closing }")
	}
	return &Pattern{src: pattern, root: root}, nil
}

// MustParse is Parse for patterns known to be valid; it panics otherwise.
func MustParse(pattern string) *Pattern {
	p, err := Parse(pattern)
	if err != nil {
		panic(err)
	}
	return p
}

// Match reports whether a log event (one JSON document) matches. An event
// that is not a JSON object never matches a JSON pattern.
func (p *Pattern) Match(event string) bool {
	doc, ok := decode(event)
	if !ok {
		return false
	}
	return p.root.eval(doc)
}

// Value evaluates a metric value selector such as
// "$.record.metrics.initDurationMs" against an event, as a metric filter's
// metricValue does: ok is false when the field is missing or not a number,
// and then the filter publishes nothing for the event.
func Value(selector, event string) (v float64, ok bool, err error) {
	sel, err := parseSelector(selector)
	if err != nil {
		return 0, false, err
	}
	doc, ok := decode(event)
	if !ok {
		return 0, false, nil
	}
	f, ok := sel.lookup(doc).(json.Number)
	if !ok {
		return 0, false, nil
	}
	v, err = f.Float64()
	return v, err == nil, nil
}

func decode(event string) (map[string]any, bool) {
	dec := json.NewDecoder(strings.NewReader(event))
	dec.UseNumber()
	var doc map[string]any
	if err := dec.Decode(&doc); err != nil {
		return nil, false
	}
	return doc, true
}

// node is one boolean expression of a pattern.
type node interface{ eval(doc any) bool }

type and struct{ l, r node }
type or struct{ l, r node }

func (n and) eval(doc any) bool { return n.l.eval(doc) && n.r.eval(doc) }
func (n or) eval(doc any) bool  { return n.l.eval(doc) || n.r.eval(doc) }

// comparison is `selector op value`.
type comparison struct {
	sel    selector
	op     string
	num    *float64 // the value, when it is a number
	str    string   // the value, when it is a string
	quoted bool
}

func (c comparison) eval(doc any) bool {
	field := c.sel.lookup(doc)
	if field == nil {
		return false
	}
	if c.num != nil {
		n, ok := field.(json.Number)
		if !ok {
			return false
		}
		f, err := n.Float64()
		if err != nil {
			return false
		}
		return compare(f, c.op, *c.num)
	}
	s, ok := field.(string)
	if !ok {
		return false
	}
	matched := globMatch(c.str, s)
	if c.op == "!=" {
		return !matched
	}
	return matched
}

func compare(a float64, op string, b float64) bool {
	switch op {
	case "=":
		return a == b
	case "!=":
		return a != b
	case "<":
		return a < b
	case "<=":
		return a <= b
	case ">":
		return a > b
	case ">=":
		return a >= b
	}
	return false
}

// globMatch matches s against a pattern where `*` stands for any text.
func globMatch(pattern, s string) bool {
	parts := strings.Split(pattern, "*")
	if len(parts) == 1 {
		return pattern == s
	}
	if !strings.HasPrefix(s, parts[0]) {
		return false
	}
	s = s[len(parts[0]):]
	last := parts[len(parts)-1]
	for _, mid := range parts[1 : len(parts)-1] {
		i := strings.Index(s, mid)
		if i < 0 {
			return false
		}
		s = s[i+len(mid):]
	}
	return strings.HasSuffix(s, last)
}

// selector is a JSON path: $ followed by .name and [index] steps.
type selector struct {
	src   string
	steps []step
}

type step struct {
	name  string
	index int // -1 for a name step
}

func (s selector) lookup(doc any) any {
	cur := doc
	for _, st := range s.steps {
		switch v := cur.(type) {
		case map[string]any:
			if st.index >= 0 {
				return nil
			}
			cur = v[st.name]
		case []any:
			if st.index < 0 || st.index >= len(v) {
				return nil
			}
			cur = v[st.index]
		default:
			return nil
		}
		if cur == nil {
			return nil
		}
	}
	return cur
}

func parseSelector(s string) (selector, error) {
	p := &parser{src: s}
	sel, err := p.selector()
	if err != nil {
		return selector{}, err
	}
	if p.pos != len(s) {
		return selector{}, p.errorf("unexpected text after the selector")
	}
	return sel, nil
}

type parser struct {
	src string
	pos int
}

func (p *parser) errorf(format string, args ...any) error {
	return fmt.Errorf("logpattern: %q at offset %d: %s", p.src, p.pos, fmt.Sprintf(format, args...))
}

func (p *parser) skipSpace() {
	for p.pos < len(p.src) && strings.ContainsRune(" \t\r\n", rune(p.src[p.pos])) {
		p.pos++
	}
}

func (p *parser) eat(tok string) bool {
	if strings.HasPrefix(p.src[p.pos:], tok) {
		p.pos += len(tok)
		return true
	}
	return false
}

func (p *parser) or() (node, error) {
	l, err := p.and()
	if err != nil {
		return nil, err
	}
	for {
		p.skipSpace()
		if !p.eat("||") {
			return l, nil
		}
		r, err := p.and()
		if err != nil {
			return nil, err
		}
		l = or{l, r}
	}
}

func (p *parser) and() (node, error) {
	l, err := p.term()
	if err != nil {
		return nil, err
	}
	for {
		p.skipSpace()
		if !p.eat("&&") {
			return l, nil
		}
		r, err := p.term()
		if err != nil {
			return nil, err
		}
		l = and{l, r}
	}
}

func (p *parser) term() (node, error) {
	p.skipSpace()
	if p.eat("(") {
		n, err := p.or()
		if err != nil {
			return nil, err
		}
		p.skipSpace()
		if !p.eat(")") {
			return nil, p.errorf("expected )")
		}
		return n, nil
	}
	sel, err := p.selector()
	if err != nil {
		return nil, err
	}
	p.skipSpace()
	var op string
	for _, o := range []string{"!=", "<=", ">=", "=", "<", ">"} {
		if p.eat(o) {
			op = o
			break
		}
	}
	if op == "" {
		return nil, p.errorf("expected one of = != < <= > >= after %s (IS, NOT EXISTS and the like are not supported)", sel.src)
	}
	p.skipSpace()
	c := comparison{sel: sel, op: op}
	if p.eat(`"`) {
		end := strings.IndexByte(p.src[p.pos:], '"')
		if end < 0 {
			return nil, p.errorf("unterminated string")
		}
		c.str, c.quoted = p.src[p.pos:p.pos+end], true
		p.pos += end + 1
	} else {
		start := p.pos
		for p.pos < len(p.src) && !strings.ContainsRune(" \t\r\n)&|}", rune(p.src[p.pos])) {
			p.pos++
		}
		word := p.src[start:p.pos]
		switch {
		case word == "":
			return nil, p.errorf("expected a value after %s", op)
		case strings.HasPrefix(word, "%"):
			return nil, p.errorf("regular expressions are not supported")
		}
		if f, err := strconv.ParseFloat(word, 64); err == nil && !math.IsInf(f, 0) && !math.IsNaN(f) {
			c.num = &f
		} else {
			c.str = word
		}
	}
	if c.num == nil && op != "=" && op != "!=" {
		return nil, p.errorf("%s compares numbers, got the string %q", op, c.str)
	}
	return c, nil
}

func (p *parser) selector() (selector, error) {
	p.skipSpace()
	start := p.pos
	if !p.eat("$") {
		return selector{}, p.errorf("expected a selector starting with $")
	}
	var steps []step
	for {
		switch {
		case p.eat("."):
			n := p.pos
			for p.pos < len(p.src) && (isWordByte(p.src[p.pos])) {
				p.pos++
			}
			if n == p.pos {
				return selector{}, p.errorf("expected a field name after .")
			}
			steps = append(steps, step{name: p.src[n:p.pos], index: -1})
		case p.eat("["):
			end := strings.IndexByte(p.src[p.pos:], ']')
			if end < 0 {
				return selector{}, p.errorf("expected ]")
			}
			i, err := strconv.Atoi(p.src[p.pos : p.pos+end])
			if err != nil || i < 0 {
				return selector{}, p.errorf("array index %q is not a number", p.src[p.pos:p.pos+end])
			}
			p.pos += end + 1
			steps = append(steps, step{index: i})
		default:
			if len(steps) == 0 {
				return selector{}, p.errorf("a selector needs at least one field, as in $.type")
			}
			return selector{src: p.src[start:p.pos], steps: steps}, nil
		}
	}
}

func isWordByte(b byte) bool {
	return b == '_' || b == '-' || b == '@' || b >= '0' && b <= '9' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z'
}
