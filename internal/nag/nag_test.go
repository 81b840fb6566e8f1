package nag

import (
	"fmt"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssqs"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdklabs/cdk-nag-go/cdknag/v2"

	"github.com/lambdaperf/lambdaperf/cdktest"
)

// TestCdkNagHonoursSuppress: cdk-nag's AwsSolutions pack reads what Suppress
// writes (a plain finding, a regex finding and a whole rule), keeps a
// suppression cdk-nag itself added to the same resource, and the same
// resources without suppressions still have the findings (so the test can
// fail).
func TestCdkNagHonoursSuppress(t *testing.T) {
	out := t.TempDir()
	var tpl map[string]any
	cdktest.Check(t, func() {
		app := awscdk.NewApp(&awscdk.AppProps{Outdir: jsii.String(out)})
		stack := awscdk.NewStack(app, jsii.String("Nag"), nil)
		for _, id := range []string{"Suppressed", "Control"} {
			role := awsiam.NewRole(stack, jsii.String(id+"Role"), &awsiam.RoleProps{AssumedBy: awsiam.NewServicePrincipal(jsii.String("lambda.amazonaws.com"), nil)})
			role.AddToPrincipalPolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
				Actions: jsii.Strings("s3:Get*"), Resources: jsii.Strings("*"),
			}))
			queue := awssqs.NewQueue(stack, jsii.String(id+"Queue"), &awssqs.QueueProps{EnforceSSL: jsii.Bool(true)})
			if id == "Control" {
				continue
			}
			Suppress(role.Node().FindChild(jsii.String("DefaultPolicy")), Rule{
				ID: "AwsSolutions-IAM5", Reason: "reads any object of any bucket, for this test",
				AppliesTo: []string{"Resource::*"}, AppliesToRegex: []string{`/^Action::s3:Get\*$/`},
			})
			cdknag.NagSuppressions_AddResourceSuppressions(queue, &[]*cdknag.NagPackSuppression{{
				Id: jsii.String("AwsSolutions-SQS3"), Reason: jsii.String("a dead-letter queue itself, for this test"),
			}}, nil)
			Suppress(queue, Rule{ID: "AwsSolutions-SQS4", Reason: "SSL is enforced by EnforceSSL, said twice"})
			Suppress(queue, Rule{ID: "AwsSolutions-SQS4", Reason: "SSL is enforced by EnforceSSL, said twice"})
		}
		awscdk.Aspects_Of(app).Add(cdknag.NewAwsSolutionsChecks(nil), nil)
		tpl = cdktest.Template(t, stack)
		app.Synth(nil)
	})
	if t.Failed() {
		return
	}
	msgs, err := cdktest.Messages(out)
	if err != nil {
		t.Fatal(err)
	}
	findings := map[string]int{} // "Suppressed AwsSolutions-IAM5" -> count
	for _, m := range msgs {
		for _, id := range []string{"Suppressed", "Control"} {
			for _, rule := range []string{"AwsSolutions-IAM5", "AwsSolutions-SQS3"} {
				if strings.Contains(m.Path, "/"+id) && strings.Contains(m.Text, rule) && m.Level == "error" {
					findings[id+" "+rule]++
				}
			}
		}
	}
	for _, rule := range []string{"AwsSolutions-IAM5", "AwsSolutions-SQS3"} {
		if findings["Suppressed "+rule] != 0 {
			t.Errorf("%s still reported on the suppressed resources: %v", rule, msgs)
		}
		if findings["Control "+rule] == 0 {
			t.Errorf("%s not reported on the control resources: the test proves nothing", rule)
		}
	}
	if findings["Control AwsSolutions-IAM5"] != 2 {
		t.Errorf("control IAM5 findings: %d, want 2 (Action::s3:Get* and Resource::*)", findings["Control AwsSolutions-IAM5"])
	}

	_, queue := onlyWithPrefix(t, tpl, "AWS::SQS::Queue", "SuppressedQueue")
	rules := queue["Metadata"].(map[string]any)["cdk_nag"].(map[string]any)["rules_to_suppress"].([]any)
	if got := fmt.Sprint(rules); len(rules) != 2 || !strings.Contains(got, "AwsSolutions-SQS3") || !strings.Contains(got, "AwsSolutions-SQS4") {
		t.Errorf("queue suppressions %v: want cdk-nag's SQS3 kept and Suppress's SQS4 once", got)
	}
}

// onlyWithPrefix is the one resource of type typ whose logical ID starts
// with prefix (EnforceSSL gives the queue a QueuePolicy of a similar ID).
func onlyWithPrefix(t *testing.T, tpl map[string]any, typ, prefix string) (string, map[string]any) {
	t.Helper()
	var ids []string
	for id := range cdktest.Resources(tpl, typ) {
		if strings.HasPrefix(id, prefix) {
			ids = append(ids, id)
		}
	}
	if len(ids) != 1 {
		t.Fatalf("%d %s resources %s*, want 1: %v", len(ids), typ, prefix, ids)
	}
	return ids[0], cdktest.Resources(tpl, typ)[ids[0]]
}

func TestSuppressNeedsAResource(t *testing.T) {
	msg := cdktest.Panics(func() {
		stack := awscdk.NewStack(awscdk.NewApp(nil), jsii.String("Nag"), nil)
		Suppress(constructs.NewConstruct(stack, jsii.String("Empty")), Rule{ID: "AwsSolutions-IAM5", Reason: "long enough reason"})
	})
	if !strings.Contains(msg, `nag.Suppress "Nag/Empty": not a CloudFormation resource`) {
		t.Errorf("panic %q", msg)
	}
}

// TestRuleCheck: the rules cdk-nag would reject at synth, rejected first.
func TestRuleCheck(t *testing.T) {
	for _, c := range []struct {
		rule Rule
		want string // "" = valid
	}{
		{Rule{ID: "AwsSolutions-IAM5", Reason: "ten chars!"}, ""},
		{Rule{ID: "AwsSolutions-IAM5", Reason: "ten chars!", AppliesToRegex: []string{`/^Action::s3:.*$/g`}}, ""},
		{Rule{ID: "", Reason: "ten chars!"}, `rule id ""`},
		{Rule{ID: "AwsSolutions-IAM5[Resource::*]", Reason: "ten chars!"}, "with any finding in AppliesTo"},
		{Rule{ID: "AwsSolutions-IAM5", Reason: "too short"}, "shorter than the 10 characters"},
		{Rule{ID: "AwsSolutions-IAM5", Reason: "caf\u00e9 is fine"}, ""},
		{Rule{ID: "AwsSolutions-IAM5", Reason: "no \u2014 dashes"}, "beyond Latin-1"},
		{Rule{ID: "AwsSolutions-IAM5", Reason: "ten chars!", AppliesToRegex: []string{"^Action::s3:.*$"}}, "want the form /body/flags"},
		{Rule{ID: "AwsSolutions-IAM5", Reason: "ten chars!", AppliesToRegex: []string{"/"}}, "want the form /body/flags"},
		{Rule{ID: "AwsSolutions-IAM5", Reason: "ten chars!", AppliesToRegex: []string{"/(unclosed/"}}, "missing closing )"},
	} {
		err := c.rule.check()
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%+v: %v", c.rule, err)
		case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
			t.Errorf("%+v: got %v, want an error with %q", c.rule, err, c.want)
		}
	}
}

// TestMetadataIsCdkNagFormat: what cdk-nag's toCfnFormat writes.
func TestMetadataIsCdkNagFormat(t *testing.T) {
	got := fmt.Sprint(Rule{ID: "R-1", Reason: "because so", AppliesTo: []string{"Resource::*"}, AppliesToRegex: []string{"/^x$/"}}.metadata())
	if want := "map[applies_to:[Resource::* map[regex:/^x$/]] id:R-1 reason:because so]"; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
	if got := fmt.Sprint(Rule{ID: "R-1", Reason: "because so"}.metadata()); got != "map[id:R-1 reason:because so]" {
		t.Errorf("a whole-rule suppression has applies_to: %s", got)
	}
}
