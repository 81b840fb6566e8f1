package costmodel

import (
	"encoding/json"
	"testing"
)

func TestMoney(t *testing.T) {
	t.Run("parses prices to exact pico-dollars", func(t *testing.T) {
		for s, want := range map[string]Money{
			"0.0000166667":    16_666_700,
			"$0.20":           200_000_000_000,
			"2.1e-9":          2_100,
			"-$0.5":           -500_000_000_000,
			"0.0000000000004": 0,
			"0.0000000000005": 1,
		} {
			got, err := ParseUSD(s)
			if err != nil || got != want {
				t.Errorf("ParseUSD(%q) = %d, %v; want %d", s, got, err, want)
			}
		}
	})
	t.Run("rejects what is not an amount", func(t *testing.T) {
		for _, s := range []string{"", "abc", "1/3", "$", "--1", "+1", "1e30"} {
			if _, err := ParseUSD(s); err == nil {
				t.Errorf("ParseUSD(%q) succeeded", s)
			}
		}
	})
	t.Run("formats exactly and rounded", func(t *testing.T) {
		m := Money(24_533_382_000)
		for _, c := range []struct{ got, want string }{
			{m.String(), "$0.024533382"},
			{m.Format(4), "$0.0245"},
			{m.Format(2), "$0.02"},
			{Money(0).String(), "$0.00"},
			{(3 * Dollar).String(), "$3.00"},
			{Money(-Cent / 2).Format(2), "-$0.01"},
			{Money(245_000_000_00).Format(3), "$0.025"},
			{Dollar.Format(0), "$1"},
		} {
			if c.got != c.want {
				t.Errorf("got %s, want %s", c.got, c.want)
			}
		}
	})
	t.Run("round-trips through JSON as a number of dollars", func(t *testing.T) {
		b, err := json.Marshal(struct{ V Money }{24_533_382_000})
		if err != nil || string(b) != `{"V":0.024533382}` {
			t.Fatalf("Marshal = %s, %v", b, err)
		}
		var back struct{ V Money }
		if err := json.Unmarshal(b, &back); err != nil || back.V != 24_533_382_000 {
			t.Fatalf("Unmarshal = %d, %v", back.V, err)
		}
		if b, _ := json.Marshal(Money(0)); string(b) != "0" {
			t.Errorf("zero marshals as %s", b)
		}
	})
}
