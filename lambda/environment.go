package lambda

import (
	"strings"
	"unicode/utf8"
)

// MaxEnvironmentBytes is Lambda's limit on a function's environment:
// "4 KB, for all environment variables associated with the function, in
// aggregate" (QuotasDoc).
const MaxEnvironmentBytes = 4096

// EnvironmentSize is the size Lambda counts against MaxEnvironmentBytes:
// the Variables map as compact JSON ({"KEY":"value",...}), which is what
// Lambda prints after "String measured:" when it rejects an environment
// over 4 KB. Keys and values count in UTF-8 bytes, with the escapes JSON
// requires (a quote or backslash is two bytes, a control character two or
// six) and no others: "&", "<" and ">" are one byte each, as Lambda
// receives them, not the six of Go's HTML-safe encoding/json. The caller
// passes values it cannot know yet (a CDK token, a CloudFormation
// intrinsic) as "", so the size is then a lower bound.
func EnvironmentSize(env map[string]string) int {
	n := 2 // {}
	for k, v := range env {
		n += jsonStringLen(k) + 1 + jsonStringLen(v) // "k":"v"
	}
	if len(env) > 1 {
		n += len(env) - 1 // commas
	}
	return n
}

// EnvironmentFits reports whether an environment of size bytes (from
// EnvironmentSize) is within Lambda's limit.
func EnvironmentFits(size int) bool { return size <= MaxEnvironmentBytes }

// jsonStringLen is the length of s as a JSON string, quotes included.
// Invalid UTF-8 counts as U+FFFD (three bytes), as encoders replace it.
func jsonStringLen(s string) int {
	n := 2
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"' || c == '\\' || c == '\n' || c == '\r' || c == '\t' || c == '\b' || c == '\f':
				n += 2
			case c < 0x20:
				n += 6 // \u00XX
			default:
				n++
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			n += 3
		} else {
			n += size
		}
		i += size
	}
	return n
}

// secretReference starts a CloudFormation dynamic reference to a Secrets
// Manager secret ({{resolve:secretsmanager:...}}), what CDK writes for
// SecretValue.unsafeUnwrap().
const secretReference = "{{resolve:secretsmanager:"

// HoldsSecretReference reports whether an environment value is, or
// contains, a Secrets Manager dynamic reference. In a function's
// environment CloudFormation resolves it into the plain-text configuration,
// readable by anyone who can read the function
// (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/dynamic-references-secretsmanager.html).
func HoldsSecretReference(value string) bool { return strings.Contains(value, secretReference) }
