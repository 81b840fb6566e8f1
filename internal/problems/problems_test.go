package problems

import (
	"errors"
	"testing"
)

func TestList(t *testing.T) {
	l := New("cache", "Stack/Cache")
	if l.Err() != nil {
		t.Fatal("an empty list is not an error")
	}
	l.Addf("Size must be 1..5, got %d", 9)
	l.Addf("Name is empty")
	want := "cache \"Stack/Cache\": Size must be 1..5, got 9\ncache \"Stack/Cache\": Name is empty"
	if err := l.Err(); err == nil || err.Error() != want {
		t.Errorf("Err() = %v, want %q", err, want)
	}
	var joined interface{ Unwrap() []error }
	if !errors.As(l.Err(), &joined) || len(joined.Unwrap()) != 2 {
		t.Error("problems must stay separate errors")
	}
	if got := Prefix("network", ""); got != "network" {
		t.Errorf("Prefix without a path = %q", got)
	}
}

func TestIsToken(t *testing.T) {
	for s, want := range map[string]bool{"${Token[TOKEN.12]}": true, "arn:${Token[AWS.Region.3]}:x": true, "plain": false, "$Token": false, "": false} {
		if got := IsToken(s); got != want {
			t.Errorf("IsToken(%q) = %v, want %v", s, got, want)
		}
	}
}
