package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"strconv"
	"strings"

	"github.com/lambdaperf/lambdaperf/audit"
	"github.com/lambdaperf/lambdaperf/internal/untrusted"
)

// SARIF 2.1.0 (https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html),
// the subset `lambdaperf audit --format sarif` writes: one run, every rule
// with its help, one result per finding (suppressed ones with their
// justification), each located in its template file and construct path.
const (
	sarifVersion = "2.1.0"
	sarifSchema  = "https://json.schemastore.org/sarif-2.1.0.json"
	// sarifAssemblyBase is the uriBaseId of template locations: the cloud
	// assembly folder (cdk.out), or the folder of a single template.
	sarifAssemblyBase = "ASSEMBLY"
	// sarifSourceRoot is the base id SARIF consumers (GitHub code scanning
	// among them) resolve to the folder the tool ran in, usually the
	// repository's root; the assembly is relative to it unless absolute.
	sarifSourceRoot = "%SRCROOT%"
	// informationURI is lambdaperf's home page.
	informationURI = "https://github.com/lambdaperf/lambdaperf"
	// fingerprintKey versions the partial fingerprint: code scanning
	// matches a finding across runs by it, not by its line.
	fingerprintKey = "lambdaperfFinding/v1"
	// maxTemplateScan bounds how much of a template file is scanned for
	// resource lines (CloudFormation takes at most 1 MB from S3); a
	// resource past it gets no line.
	maxTemplateScan = 32 << 20
)

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool               sarifTool                        `json:"tool"`
	Invocations        []sarifInvocation                `json:"invocations"`
	OriginalURIBaseIDs map[string]sarifArtifactLocation `json:"originalUriBaseIds"`
	Results            []sarifResult                    `json:"results"`
	ColumnKind         string                           `json:"columnKind"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string           `json:"name"`
	Version        string           `json:"version"`
	InformationURI string           `json:"informationUri"`
	Rules          []sarifRuleEntry `json:"rules"`
}

type sarifRuleEntry struct {
	ID                   string            `json:"id"`
	Name                 string            `json:"name"`
	ShortDescription     sarifText         `json:"shortDescription"`
	FullDescription      sarifText         `json:"fullDescription"`
	Help                 sarifMarkdown     `json:"help"`
	HelpURI              string            `json:"helpUri,omitempty"`
	DefaultConfiguration sarifRuleConfig   `json:"defaultConfiguration"`
	Properties           sarifRuleProperty `json:"properties"`
}

type sarifRuleConfig struct {
	Level string `json:"level"`
}

type sarifRuleProperty struct {
	Source string   `json:"source"`
	Tags   []string `json:"tags"`
}

type sarifText struct {
	Text string `json:"text"`
}

type sarifMarkdown struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown"`
}

type sarifInvocation struct {
	ExecutionSuccessful        bool                `json:"executionSuccessful"`
	ToolExecutionNotifications []sarifNotification `json:"toolExecutionNotifications,omitempty"`
}

type sarifNotification struct {
	Level   string    `json:"level"`
	Message sarifText `json:"message"`
}

type sarifResult struct {
	RuleID              string             `json:"ruleId"`
	RuleIndex           int                `json:"ruleIndex"`
	Level               string             `json:"level"`
	Message             sarifText          `json:"message"`
	Locations           []sarifLocation    `json:"locations"`
	PartialFingerprints map[string]string  `json:"partialFingerprints"`
	Suppressions        []sarifSuppression `json:"suppressions,omitempty"`
	Properties          sarifResultProps   `json:"properties"`
}

type sarifResultProps struct {
	Stack    string `json:"stack"`
	Resource string `json:"resource"`
	Fix      string `json:"fix"`
}

type sarifLocation struct {
	PhysicalLocation *sarifPhysicalLocation `json:"physicalLocation,omitempty"`
	LogicalLocations []sarifLogicalLocation `json:"logicalLocations"`
}

type sarifPhysicalLocation struct {
	ArtifactLocation sarifArtifactLocation `json:"artifactLocation"`
	Region           *sarifRegion          `json:"region,omitempty"`
}

type sarifArtifactLocation struct {
	URI         string     `json:"uri"`
	URIBaseID   string     `json:"uriBaseId,omitempty"`
	Description *sarifText `json:"description,omitempty"`
}

type sarifRegion struct {
	StartLine int `json:"startLine"`
}

type sarifLogicalLocation struct {
	Name               string `json:"name"`
	FullyQualifiedName string `json:"fullyQualifiedName"`
	Kind               string `json:"kind"`
}

type sarifSuppression struct {
	Kind          string `json:"kind"`
	Status        string `json:"status"`
	Justification string `json:"justification"`
}

// sarifLevel maps a severity to SARIF's result level.
func sarifLevel(s audit.Severity) string {
	switch s {
	case audit.Error:
		return "error"
	case audit.Warning:
		return "warning"
	}
	return "note"
}

// toolVersion is the module version the binary was built from (set by go
// install module@version), "(devel)" for a build from a checkout.
func toolVersion() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
		return bi.Main.Version
	}
	return "(devel)"
}

var firstURL = regexp.MustCompile(`https://[^\s()]+`)

// sarifRules describes every rule: its summary, its general fix and the
// source it comes from, whose first cited page is the help URI.
func sarifRules() ([]sarifRuleEntry, map[string]int) {
	rules := audit.Rules()
	out := make([]sarifRuleEntry, len(rules))
	index := map[string]int{}
	for i, r := range rules {
		index[r.ID] = i
		summary := strings.ToUpper(r.Summary[:1]) + r.Summary[1:] + "."
		out[i] = sarifRuleEntry{
			ID:                   r.ID,
			Name:                 ruleName(r.ID),
			ShortDescription:     sarifText{summary},
			FullDescription:      sarifText{summary + " Source: " + r.Source},
			Help:                 sarifMarkdown{Text: summary + "\nFix: " + r.Fix + "\nSource: " + r.Source, Markdown: "**" + summary + "**\n\nFix: " + r.Fix + "\n\nSource: " + r.Source},
			HelpURI:              firstURL.FindString(r.Source),
			DefaultConfiguration: sarifRuleConfig{sarifLevel(r.Severity)},
			Properties:           sarifRuleProperty{Source: r.Source, Tags: []string{"lambda", "performance", "cloudformation"}},
		}
	}
	return out, index
}

// ruleName is a rule ID in PascalCase, SARIF's convention for a rule's
// name: "pc-on-latest" is "PcOnLatest".
func ruleName(id string) string {
	var b strings.Builder
	for _, part := range strings.FieldsFunc(id, func(r rune) bool { return r == '-' || r == '_' }) {
		b.WriteString(strings.ToUpper(part[:1]) + part[1:])
	}
	return b.String()
}

// locator places findings in their template files: the file relative to
// the assembly folder (base), the line of the resource, and a fingerprint
// that stays when lines move.
type locator struct {
	base      string
	templates map[string]string         // stack -> template file
	lines     map[string]map[string]int // template file -> logical ID -> line
	seen      map[string]int            // fingerprint key -> findings so far
}

// newLocator places findings of an audit of path (a cloud assembly folder
// or a template file); templates maps each stack to its template file.
func newLocator(path string, templates map[string]string) *locator {
	base := path
	if info, err := os.Stat(path); err == nil && !info.IsDir() {
		base = filepath.Dir(path)
	}
	return &locator{base: base, templates: templates, lines: map[string]map[string]int{}, seen: map[string]int{}}
}

// place is the finding's template file relative to the base, as a slash
// path, and its resource's line (0 when not found); ok is false for a
// stack without a template file inside the base.
func (l *locator) place(f audit.Finding) (rel string, line int, ok bool) {
	file := l.templates[f.Stack]
	if file == "" {
		return "", 0, false
	}
	rel, err := filepath.Rel(l.base, file)
	if err != nil || !filepath.IsLocal(rel) {
		return "", 0, false
	}
	if l.lines[file] == nil {
		l.lines[file] = map[string]int{}
		// Only a regular file inside the assembly once links are resolved
		// (a FIFO or a link out would hang or leak here after the reader
		// refused it).
		if real, err := untrusted.Within(l.base, file); err == nil {
			l.lines[file] = resourceLines(real)
		}
	}
	return filepath.ToSlash(rel), l.lines[file][f.Resource], true
}

// fingerprint identifies a finding across runs by its rule, stack,
// resource and rank among that resource's findings of the rule, not by
// its message (estimates change) or line (templates move).
func (l *locator) fingerprint(f audit.Finding) string {
	key := f.Rule + "\x00" + f.Stack + "\x00" + f.Resource
	l.seen[key]++
	sum := sha256.Sum256([]byte(key + "\x00" + strconv.Itoa(l.seen[key])))
	return hex.EncodeToString(sum[:16])
}

// auditSARIF renders a report as a SARIF log. path is what audit read (a
// cloud assembly folder or a template file); templates maps each stack to
// its template file.
func auditSARIF(rep *audit.Report, path string, templates map[string]string) sarifLog {
	rules, index := sarifRules()
	at := newLocator(path, templates)
	run := sarifRun{
		Tool:               sarifTool{sarifDriver{Name: "lambdaperf", Version: toolVersion(), InformationURI: informationURI, Rules: rules}},
		Invocations:        []sarifInvocation{{ExecutionSuccessful: true}},
		OriginalURIBaseIDs: map[string]sarifArtifactLocation{sarifAssemblyBase: baseLocation(at.base)},
		Results:            []sarifResult{},
		ColumnKind:         "utf16CodeUnits",
	}
	for _, n := range rep.NotInspected {
		run.Invocations[0].ToolExecutionNotifications = append(run.Invocations[0].ToolExecutionNotifications, sarifNotification{
			Level: "note", Message: sarifText{"Code of " + n.Stack + "/" + n.Resource + " not inspected: " + n.Reason},
		})
	}
	add := func(f audit.Finding, suppressed bool) {
		loc := sarifLocation{LogicalLocations: []sarifLogicalLocation{{Name: f.Resource, FullyQualifiedName: constructPath(f), Kind: "resource"}}}
		if rel, line, ok := at.place(f); ok {
			loc.PhysicalLocation = &sarifPhysicalLocation{ArtifactLocation: sarifArtifactLocation{URI: uriPath(rel), URIBaseID: sarifAssemblyBase}}
			if line > 0 {
				loc.PhysicalLocation.Region = &sarifRegion{StartLine: line}
			}
		}
		r := sarifResult{
			RuleID:              f.Rule,
			RuleIndex:           index[f.Rule],
			Level:               sarifLevel(f.Severity),
			Message:             sarifText{f.Message + "\nFix: " + f.Fix},
			Locations:           []sarifLocation{loc},
			PartialFingerprints: map[string]string{fingerprintKey: at.fingerprint(f)},
			Properties:          sarifResultProps{Stack: f.Stack, Resource: f.Resource, Fix: f.Fix},
		}
		if suppressed {
			r.Suppressions = []sarifSuppression{{Kind: "inSource", Status: "accepted", Justification: f.SuppressedBy}}
		}
		run.Results = append(run.Results, r)
	}
	for _, f := range rep.Findings {
		add(f, false)
	}
	for _, f := range rep.Suppressed {
		add(f, true)
	}
	return sarifLog{Schema: sarifSchema, Version: sarifVersion, Runs: []sarifRun{run}}
}

// codeQualityIssue is one entry of a GitLab Code Quality report
// (https://docs.gitlab.com/ci/testing/code_quality/#code-quality-report-format,
// a subset of the Code Climate issue format): GitLab reads exactly these
// fields.
type codeQualityIssue struct {
	Description string              `json:"description"`
	CheckName   string              `json:"check_name"`
	Fingerprint string              `json:"fingerprint"`
	Severity    string              `json:"severity"`
	Location    codeQualityLocation `json:"location"`
}

type codeQualityLocation struct {
	Path  string           `json:"path"`
	Lines codeQualityLines `json:"lines"`
}

type codeQualityLines struct {
	Begin int `json:"begin"`
}

// codeQualitySeverity maps a severity to GitLab's scale (info, minor,
// major, critical, blocker): an error breaks the deploy or every call.
func codeQualitySeverity(s audit.Severity) string {
	switch s {
	case audit.Error:
		return "critical"
	case audit.Warning:
		return "minor"
	}
	return "info"
}

// auditCodeQuality renders the unsuppressed findings as a GitLab Code
// Quality report; paths are the template files as reached from the folder
// audit ran in (the repository's root in CI), line 1 when the resource's
// line is unknown.
func auditCodeQuality(rep *audit.Report, path string, templates map[string]string) []codeQualityIssue {
	at := newLocator(path, templates)
	out := []codeQualityIssue{}
	for _, f := range rep.Findings {
		issue := codeQualityIssue{
			Description: f.Message + " Fix: " + f.Fix,
			CheckName:   f.Rule,
			Fingerprint: at.fingerprint(f),
			Severity:    codeQualitySeverity(f.Severity),
			Location:    codeQualityLocation{Path: f.Stack, Lines: codeQualityLines{1}},
		}
		if rel, line, ok := at.place(f); ok {
			issue.Location.Path = repoPath(filepath.Join(at.base, rel))
			issue.Location.Lines.Begin = max(line, 1)
		}
		out = append(out, issue)
	}
	return out
}

// repoPath is file as a slash path relative to the working directory
// when it lies below it (GitLab reads paths from the repository's root),
// else as given.
func repoPath(file string) string {
	if filepath.IsAbs(file) {
		if wd, err := os.Getwd(); err == nil {
			if rel, err := filepath.Rel(wd, file); err == nil && filepath.IsLocal(rel) {
				file = rel
			}
		}
	}
	return filepath.ToSlash(file)
}

// constructPath is the finding's construct path, or stack/logical ID for
// a template without CDK metadata.
func constructPath(f audit.Finding) string {
	if f.Path != "" {
		return strings.TrimPrefix(f.Path, "/")
	}
	return f.Stack + "/" + f.Resource
}

// baseLocation is where the ASSEMBLY base id points: dir relative to the
// folder audit ran in (%SRCROOT%), or an absolute file URI.
func baseLocation(dir string) sarifArtifactLocation {
	desc := &sarifText{"The cloud assembly (cdk.out) or template folder lambdaperf audit read."}
	if filepath.IsAbs(dir) {
		u := url.URL{Scheme: "file", Path: filepath.ToSlash(filepath.Clean(dir)) + "/"}
		return sarifArtifactLocation{URI: u.String(), Description: desc}
	}
	rel := filepath.ToSlash(filepath.Clean(dir))
	if rel == "." {
		return sarifArtifactLocation{URI: "./", URIBaseID: sarifSourceRoot, Description: desc}
	}
	return sarifArtifactLocation{URI: uriPath(rel) + "/", URIBaseID: sarifSourceRoot, Description: desc}
}

// uriPath is a relative file path as a URI reference: slashes, each
// segment percent-encoded.
func uriPath(rel string) string {
	parts := strings.Split(filepath.ToSlash(rel), "/")
	for i, p := range parts {
		parts[i] = url.PathEscape(p)
	}
	return strings.Join(parts, "/")
}

// resourceLines finds the line of each logical ID in a template file: the
// line of its key in the top-level Resources object, read with a JSON
// tokenizer over at most maxTemplateScan bytes. A file that cannot be read
// or parsed gives the lines found before the problem (the findings keep
// their file, without a line).
func resourceLines(file string) map[string]int {
	out := map[string]int{}
	f, _, err := untrusted.Open(file)
	if err != nil {
		return out
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxTemplateScan))
	if err != nil {
		return out
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	// open holds one entry per open object or array: whether it is an
	// object and, if so, whether its next token is a key.
	type container struct{ object, wantKey bool }
	var open []container
	topKey := "" // the top-level key whose value is being read
	line, counted := 1, 0
	lineAt := func(offset int) int {
		line += bytes.Count(data[counted:offset], []byte{'\n'})
		counted = offset
		return line
	}
	// valueDone: a value inside the innermost object is complete, so a
	// key comes next.
	valueDone := func() {
		if n := len(open); n > 0 && open[n-1].object {
			open[n-1].wantKey = true
		}
	}
	for {
		tok, err := dec.Token()
		if err != nil {
			return out // io.EOF, or a syntax error: the lines so far
		}
		switch t := tok.(type) {
		case json.Delim:
			switch t {
			case '{', '[':
				if n := len(open); n > 0 && open[n-1].object {
					open[n-1].wantKey = false // this container is the value
				}
				open = append(open, container{object: t == '{', wantKey: t == '{'})
			case '}', ']':
				open = open[:len(open)-1]
				if len(open) == 1 && topKey == "Resources" {
					return out // Resources is done
				}
				valueDone()
			}
		default:
			n := len(open)
			if n > 0 && open[n-1].object && open[n-1].wantKey {
				key, _ := t.(string)
				switch n {
				case 1:
					topKey = key
				case 2:
					if topKey == "Resources" {
						out[key] = lineAt(int(dec.InputOffset()))
					}
				}
				open[n-1].wantKey = false
				continue
			}
			valueDone()
		}
	}
}
