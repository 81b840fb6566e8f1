package concurrency

import "testing"

// The checker's cases live with it in internal/schedule; here only what
// the construct adds: tokens are skipped.
func TestValidateCronSkipsTokensAndChecksTheRest(t *testing.T) {
	if err := ValidateCron("${Token[TOKEN.42]}"); err != nil {
		t.Errorf("a token: %v", err)
	}
	if err := ValidateCron("cron(0 11 ? * MON-FRI *))"); err == nil {
		t.Error("cron(0 11 ? * MON-FRI *)) accepted")
	}
}
