package lambda

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestEnvironmentSize measures edge cases the way Lambda does: the compact
// JSON of the Variables map, keys and values in UTF-8, with only the
// escapes JSON requires.
func TestEnvironmentSize(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		want int
	}{
		{"no variables is an empty object", map[string]string{}, len(`{}`)},
		{"nil is an empty object", nil, len(`{}`)},
		{"one variable", map[string]string{"A": "1"}, len(`{"A":"1"}`)},
		{"two variables and a comma", map[string]string{"A": "1", "B": "2"}, len(`{"A":"1","B":"2"}`)},
		{"an empty value counts its quotes", map[string]string{"TABLE": ""}, len(`{"TABLE":""}`)},
		{"& < > are one byte each, not Go's HTML-safe \\u0026", map[string]string{"URL": "https://x?a=1&b=<2>"}, 29},
		{"a quote and a backslash are escaped", map[string]string{"Q": `a"b\c`}, len(`{"Q":"a\"b\\c"}`)},
		{"a newline and a tab are two bytes", map[string]string{"N": "a\nb\tc"}, len(`{"N":"a\nb\tc"}`)},
		{"other control characters are six", map[string]string{"C": "\x01"}, len(`{"C":"\u0001"}`)},
		{"é is two UTF-8 bytes", map[string]string{"A": "é"}, len(`{"A":"é"}`)},
		{"an emoji is four", map[string]string{"A": "🚀"}, len(`{"A":"🚀"}`)},
		{"U+2028 stays three bytes (Go's encoder would write six)", map[string]string{"A": "\u2028"}, len("{\"A\":\"\u2028\"}")},
		{"invalid UTF-8 counts as U+FFFD", map[string]string{"A": "\xff"}, len("{\"A\":\"\uFFFD\"}")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := EnvironmentSize(tt.env); got != tt.want {
				t.Errorf("EnvironmentSize(%q) = %d, want %d", tt.env, got, tt.want)
			}
		})
	}
}

// TestEnvironmentSizeIsJSONWithoutHTMLEscaping cross-checks the count with
// encoding/json (HTML escaping off) on values it encodes the same way.
func TestEnvironmentSizeIsJSONWithoutHTMLEscaping(t *testing.T) {
	env := map[string]string{"URL": "https://x?a=1&b=<2>", "Q": `"\`, "N": "\n\r\t", "LONG": strings.Repeat("x", 4000), "E": "é"}
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(env); err != nil {
		t.Fatal(err)
	}
	if got, want := EnvironmentSize(env), b.Len()-1; got != want {
		t.Errorf("EnvironmentSize = %d, encoding/json without HTML escaping = %d", got, want)
	}
}

func TestEnvironmentFitsAt4096Bytes(t *testing.T) {
	// {"A":"..."} is 8 bytes around the value.
	fits := map[string]string{"A": strings.Repeat("x", MaxEnvironmentBytes-8)}
	over := map[string]string{"A": strings.Repeat("x", MaxEnvironmentBytes-7)}
	if n := EnvironmentSize(fits); n != MaxEnvironmentBytes || !EnvironmentFits(n) {
		t.Errorf("%d bytes: want exactly %d, fitting", n, MaxEnvironmentBytes)
	}
	if n := EnvironmentSize(over); EnvironmentFits(n) {
		t.Errorf("%d bytes fit; want over the limit", n)
	}
}
