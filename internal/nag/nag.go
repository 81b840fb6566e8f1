// Package nag writes cdk-nag suppressions into a resource's template
// metadata (Metadata.cdk_nag.rules_to_suppress), the format cdk-nag's rule
// packs read, without loading cdk-nag's jsii assembly: NagSuppressions
// would load it into the jsii kernel on first use, about 140 ms of every
// synth (120-180 ms in BenchmarkSynth of 2026-11-27) for app teams that
// never run the packs.
// Suppressions someone already added, with cdk-nag or with this package,
// are kept; an identical one is not added twice.
package nag

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
)

// Rule is one suppression.
type Rule struct {
	// ID is the rule, e.g. "AwsSolutions-IAM5"; a finding in it
	// ("AwsSolutions-IAM5[Resource::*]") belongs in AppliesTo.
	ID string
	// Reason says why the finding is acceptable: at least 10 characters,
	// as cdk-nag requires.
	Reason string
	// AppliesTo limits the suppression to these findings of the rule,
	// e.g. "Resource::*". Default: every finding of the rule.
	AppliesTo []string
	// AppliesToRegex limits it to the findings these regular expressions
	// match, in cdk-nag's form "/body/flags" (checked with Go's regexp:
	// keep to the syntax it shares with JavaScript's, which cdk-nag runs).
	// Default: none.
	AppliesToRegex []string
}

// Suppress adds rules to the suppressions of c's CloudFormation resource:
// c itself when it is one, else its default child (the "Resource" of an
// L2 construct). It panics on a rule cdk-nag would reject and on a
// construct with no resource: both are mistakes in lambdaperf's code, not
// in user input.
func Suppress(c constructs.IConstruct, rules ...Rule) {
	var add []any
	for _, r := range rules {
		if err := r.check(); err != nil {
			panic(fmt.Sprintf("nag.Suppress %q: %v", *c.Node().Path(), err))
		}
		add = append(add, r.metadata())
	}
	l1 := c
	if child := c.Node().DefaultChild(); child != nil {
		l1 = child
	}
	res, ok := l1.(awscdk.CfnResource)
	if !ok {
		panic(fmt.Sprintf("nag.Suppress %q: not a CloudFormation resource and no default child that is one", *c.Node().Path()))
	}
	res.AddMetadata(jsii.String("cdk_nag"), map[string]any{
		"rules_to_suppress": merge(res.GetMetadata(jsii.String("cdk_nag")), add),
	})
}

// metadata is the rule as cdk-nag writes it (its toCfnFormat): reason, id
// and, when set, applies_to, with each regular expression as {"regex": ...}.
func (r Rule) metadata() map[string]any {
	m := map[string]any{"id": r.ID, "reason": r.Reason}
	var applies []any
	for _, a := range r.AppliesTo {
		applies = append(applies, a)
	}
	for _, re := range r.AppliesToRegex {
		applies = append(applies, map[string]any{"regex": re})
	}
	if applies != nil {
		m["applies_to"] = applies
	}
	return m
}

// check applies cdk-nag's own checks of a suppression
// (NagSuppressionHelper.getSuppressionFormatError, cdk-nag 2.38.2).
func (r Rule) check() error {
	if r.ID == "" || strings.Contains(r.ID, "[") {
		return fmt.Errorf("rule id %q: want a rule id alone, e.g. AwsSolutions-IAM5, with any finding in AppliesTo", r.ID)
	}
	if len(r.Reason) < 10 {
		return fmt.Errorf("%s: reason %q is shorter than the 10 characters cdk-nag requires", r.ID, r.Reason)
	}
	if strings.ContainsFunc(r.Reason, func(c rune) bool { return c > 255 }) {
		// cdk-nag base64-encodes such a reason and marks it is_reason_encoded.
		return fmt.Errorf("%s: reason %q has characters beyond Latin-1, which cdk-nag stores base64-encoded; write it in ASCII", r.ID, r.Reason)
	}
	for _, re := range r.AppliesToRegex {
		// cdk-nag takes the text between the first and the last slash.
		first, last := strings.Index(re, "/"), strings.LastIndex(re, "/")
		if first != 0 || last == first {
			return fmt.Errorf("%s: applies-to regular expression %q: want the form /body/flags", r.ID, re)
		}
		if _, err := regexp.Compile(re[1:last]); err != nil {
			return fmt.Errorf("%s: applies-to regular expression %q: %v", r.ID, re, err)
		}
	}
	return nil
}

// merge appends add to the rules of existing (a resource's cdk_nag
// metadata, nil when it has none), dropping a rule that is already there,
// as cdk-nag's addRulesToMetadata does.
func merge(existing any, add []any) []any {
	var out []any
	seen := map[string]bool{}
	keep := func(rule any) {
		key, _ := json.Marshal(rule) // sorted map keys: one key per rule, whatever wrote it
		if !seen[string(key)] {
			seen[string(key)] = true
			out = append(out, rule)
		}
	}
	if m, ok := existing.(map[string]any); ok {
		if rules, ok := m["rules_to_suppress"].([]any); ok {
			for _, rule := range rules {
				keep(rule)
			}
		}
	}
	for _, rule := range add {
		keep(rule)
	}
	return out
}
