package gates

import (
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// serviceWide is an action of every API of a service, e.g. s3:* (IAM
// action names are case-insensitive).
var serviceWide = regexp.MustCompile(`(?i)^[a-z0-9-]+:\*$`)

// policyDoc is one policy document in a template.
type policyDoc struct {
	Where  string // property, e.g. PolicyDocument or Policies[0].PolicyDocument
	KeyKMS bool   // a KMS key policy
	Doc    map[string]any
}

// policyDocs returns every policy document of a resource: identity
// policies (IAM::Policy, ManagedPolicy, inline policies of roles, users and
// groups), trust policies, KMS key policies and resource policies (topic,
// queue, bucket policies; a log group resource policy's JSON string).
func policyDocs(r map[string]any) []policyDoc {
	props, _ := r["Properties"].(map[string]any)
	var docs []policyDoc
	add := func(where string, v any, key bool) {
		if s, ok := v.(string); ok { // e.g. AWS::Logs::ResourcePolicy
			var m map[string]any
			if json.Unmarshal([]byte(s), &m) == nil {
				v = m
			}
		}
		if m, ok := v.(map[string]any); ok {
			docs = append(docs, policyDoc{Where: where, KeyKMS: key, Doc: m})
		}
	}
	for _, k := range []string{"PolicyDocument", "AssumeRolePolicyDocument", "PolicyText"} {
		add(k, props[k], false)
	}
	add("KeyPolicy", props["KeyPolicy"], r["Type"] == "AWS::KMS::Key" || r["Type"] == "AWS::KMS::ReplicaKey")
	for i, p := range list(props["Policies"]) {
		if m, ok := p.(map[string]any); ok {
			add(fmt.Sprintf("Policies[%d].PolicyDocument", i), m["PolicyDocument"], false)
		}
	}
	return docs
}

// resourceStarReasons are the reasons of the resource's cdk-nag
// AwsSolutions-IAM5 suppressions that apply to Resource::*.
func resourceStarReasons(r map[string]any) []string {
	meta, _ := r["Metadata"].(map[string]any)
	nag, _ := meta["cdk_nag"].(map[string]any)
	var reasons []string
	for _, s := range list(nag["rules_to_suppress"]) {
		rule, _ := s.(map[string]any)
		if rule["id"] != "AwsSolutions-IAM5" {
			continue
		}
		for _, a := range list(rule["applies_to"]) {
			if a == "Resource::*" {
				reason, _ := rule["reason"].(string)
				reasons = append(reasons, reason)
			}
		}
	}
	return reasons
}

// privilegeProblems checks every Allow statement of a template: no "*" or
// service-wide action, no NotAction or NotResource, and Resource "*" only
//
//   - in a KMS key policy, where "*" means the key itself (a key policy
//     cannot name anything else), or
//   - where the resource carries an AwsSolutions-IAM5 suppression for
//     Resource::* whose reason names each action's service ("xray:",
//     "ec2:"), so a wildcard added for another service is not covered by
//     an old reason.
//
// Deny statements only take rights away (deny publishing without TLS,
// deny grants other than for AWS resources), so their wildcards are fine.
func privilegeProblems(tpl map[string]any) []string {
	var problems []string
	res, _ := tpl["Resources"].(map[string]any)
	ids := make([]string, 0, len(res))
	for id := range res {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		r, _ := res[id].(map[string]any)
		where := constructPath(tpl, id)
		if r["Type"] == "AWS::Lambda::Permission" {
			props, _ := r["Properties"].(map[string]any)
			if a, ok := props["Action"].(string); ok && (a == "*" || serviceWide.MatchString(a)) {
				problems = append(problems, fmt.Sprintf("%s: Lambda permission for %s: name the action (lambda:InvokeFunction, lambda:InvokeFunctionUrl)", where, a))
			}
		}
		reasons := resourceStarReasons(r)
		for _, d := range policyDocs(r) {
			for i, s := range list(d.Doc["Statement"]) {
				st, _ := s.(map[string]any)
				if st["Effect"] != "Allow" {
					continue
				}
				at := fmt.Sprintf("%s %s statement %d", where, d.Where, i)
				if sid, ok := st["Sid"].(string); ok {
					at = fmt.Sprintf("%s %s statement %s", where, d.Where, sid)
				}
				if st["NotAction"] != nil || st["NotResource"] != nil {
					problems = append(problems, at+": Allow with NotAction or NotResource grants everything not listed")
				}
				var actions []string
				for _, a := range list(st["Action"]) {
					s, ok := a.(string)
					if !ok {
						continue // an intrinsic function: resolved at deploy time
					}
					actions = append(actions, s)
					if s == "*" || serviceWide.MatchString(s) {
						problems = append(problems, fmt.Sprintf("%s: allows %q: list the actions the code calls", at, s))
					}
				}
				star := false
				for _, x := range list(st["Resource"]) {
					star = star || x == "*"
				}
				if !star || d.KeyKMS {
					continue
				}
				for _, a := range actions {
					service, _, _ := strings.Cut(a, ":")
					explained := false
					for _, reason := range reasons {
						explained = explained || strings.Contains(strings.ToLower(reason), strings.ToLower(service)+":")
					}
					if !explained {
						problems = append(problems, fmt.Sprintf("%s: %s on Resource \"*\" without an AwsSolutions-IAM5 suppression for Resource::* whose reason explains %s: scope the resource, or suppress it with the reason the API needs *", at, a, service+":"))
					}
				}
			}
		}
	}
	return problems
}

// TestLeastPrivilege: no statement of any reference template allows "*"
// or a whole service, and Resource "*" appears only where the API needs
// it and a suppression says why, or in a KMS key policy.
func TestLeastPrivilege(t *testing.T) {
	a := synth(t)
	statements := 0
	for _, stack := range a.Stacks() {
		tpl := a.Templates[stack]
		for _, r := range tpl["Resources"].(map[string]any) {
			for _, d := range policyDocs(r.(map[string]any)) {
				statements += len(list(d.Doc["Statement"]))
			}
		}
		for _, p := range privilegeProblems(tpl) {
			t.Errorf("%s: %s", stack, p)
		}
	}
	if statements == 0 {
		t.Fatal("no policy statements found: the checker reads nothing")
	}
	t.Logf("checked %d policy statements in %d templates", statements, len(a.Templates))
}

// TestLeastPrivilegeCatches proves the checker on a template with each
// kind of problem, and with each allowed exception.
func TestLeastPrivilegeCatches(t *testing.T) {
	const tpl = `{"Resources": {
	"Wide": {"Type": "AWS::IAM::Policy", "Properties": {"PolicyDocument": {"Statement": [
		{"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::b/*"},
		{"Effect": "Allow", "Action": ["*"], "Resource": "arn:aws:s3:::b"},
		{"Effect": "Allow", "NotAction": "iam:*", "Resource": "arn:aws:s3:::b"},
		{"Effect": "Deny", "Action": "*", "Resource": "*"}]}}},
	"Unexplained": {"Type": "AWS::IAM::Policy", "Properties": {"PolicyDocument": {"Statement": [
		{"Effect": "Allow", "Action": ["xray:PutTraceSegments", "s3:GetObject"], "Resource": "*"}]}},
		"Metadata": {"cdk_nag": {"rules_to_suppress": [{"id": "AwsSolutions-IAM5", "applies_to": ["Resource::*"], "reason": "xray:PutTraceSegments takes no resource"}]}}},
	"Role": {"Type": "AWS::IAM::Role", "Properties": {"Policies": [{"PolicyName": "p", "PolicyDocument": {"Statement": [
		{"Effect": "Allow", "Action": "dynamodb:GetItem", "Resource": "*"}]}}]}},
	"Key": {"Type": "AWS::KMS::Key", "Properties": {"KeyPolicy": {"Statement": [
		{"Effect": "Allow", "Action": "kms:Decrypt", "Principal": {"Service": "cloudwatch.amazonaws.com"}, "Resource": "*"},
		{"Effect": "Allow", "Action": "kms:*", "Principal": {"AWS": "arn:aws:iam::123456789012:root"}, "Resource": "*"}]}}},
	"Logs": {"Type": "AWS::Logs::ResourcePolicy", "Properties": {"PolicyName": "p", "PolicyDocument": "{\"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"logs:*\", \"Resource\": \"arn:aws:logs:::x\"}]}"}},
	"Invoke": {"Type": "AWS::Lambda::Permission", "Properties": {"Action": "lambda:*", "FunctionName": "f", "Principal": "s3.amazonaws.com"}}
}}`
	var doc map[string]any
	if err := json.Unmarshal([]byte(tpl), &doc); err != nil {
		t.Fatal(err)
	}
	got := strings.Join(privilegeProblems(doc), "\n")
	for _, want := range []string{
		`Wide PolicyDocument statement 0: allows "s3:*"`,
		`Wide PolicyDocument statement 1: allows "*"`,
		`Wide PolicyDocument statement 2: Allow with NotAction`,
		`Unexplained PolicyDocument statement 0: s3:GetObject on Resource "*" without an AwsSolutions-IAM5 suppression`,
		`Role Policies[0].PolicyDocument statement 0: dynamodb:GetItem on Resource "*"`,
		`Key KeyPolicy statement 1: allows "kms:*"`,
		`Logs PolicyDocument statement 0: allows "logs:*"`,
		`Invoke: Lambda permission for lambda:*`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("problems lack %q:\n%s", want, got)
		}
	}
	for _, wrong := range []string{"statement 3", "xray:PutTraceSegments on", "Key KeyPolicy statement 0"} {
		if strings.Contains(got, wrong) {
			t.Errorf("problems include %q, which is allowed:\n%s", wrong, got)
		}
	}
	if n := len(strings.Split(got, "\n")); n != 8 {
		t.Errorf("%d problems, want 8:\n%s", n, got)
	}
}
