package infra_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/lambdaperf/lambdaperf/cdktest"
	"github.com/lambdaperf/lambdaperf/constructs/concurrency"

	"example.com/orders/infra"
)

// TestCheckoutKeepsEnvironmentsWarmForItsLoad: the live alias of the
// Node.js function provisions what ForLoad gives for the expected peak,
// and each function may do only the one DynamoDB call its handler makes.
func TestCheckoutKeepsEnvironmentsWarmForItsLoad(t *testing.T) {
	tpl, _ := orders(t)
	want := float64(concurrency.ForLoad(infra.CheckoutPeakRPS, infra.CheckoutP99))
	var provisioned []float64
	for _, a := range cdktest.Resources(tpl, "AWS::Lambda::Alias") {
		if pc, ok := cdktest.Props(a)["ProvisionedConcurrencyConfig"].(map[string]any); ok {
			provisioned = append(provisioned, pc["ProvisionedConcurrentExecutions"].(float64))
		}
	}
	if len(provisioned) != 1 || provisioned[0] != want {
		t.Errorf("provisioned concurrency on aliases = %v, want one alias with %v", provisioned, want)
	}
	var actions []string
	for _, p := range cdktest.Resources(tpl, "AWS::IAM::Policy") {
		for _, st := range cdktest.Props(p)["PolicyDocument"].(map[string]any)["Statement"].([]any) {
			if a := fmt.Sprint(st.(map[string]any)["Action"]); strings.HasPrefix(a, "dynamodb:") {
				actions = append(actions, a)
			}
		}
	}
	if strings.Join(actions, " ") != "dynamodb:GetItem dynamodb:PutItem" && strings.Join(actions, " ") != "dynamodb:PutItem dynamodb:GetItem" {
		t.Errorf("DynamoDB actions granted = %v, want PutItem (Checkout) and GetItem (Status) only", actions)
	}
}

// TestAdvisorHasNothingToFix: the performance advisor ran at synth and
// found no error or warning on the stack; its cost estimates (infos) tell
// how to refine them with the construct field, not a CLI flag.
func TestAdvisorHasNothingToFix(t *testing.T) {
	_, messages := orders(t)
	estimates := 0
	for _, m := range messages {
		switch {
		case m.Level == "error" || m.Level == "warning":
			t.Errorf("%s", m)
		case strings.Contains(m.Text, "[lambdaperf:cost-per-million]"):
			estimates++
			if !strings.Contains(m.Text, "ExpectedDuration") || strings.Contains(m.Text, "--duration-ms") {
				t.Errorf("the fix should name ExpectedDuration, not the CLI's flag: %s", m)
			}
		}
	}
	if estimates != 2 {
		t.Errorf("%d cost estimates, want one per function (2): is the advisor applied?\n%v", estimates, messages)
	}
}
