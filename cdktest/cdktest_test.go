package cdktest

import "testing"

func TestPanicsReportsTheMessage(t *testing.T) {
	if msg := Panics(func() { panic("bad prop") }); msg != "bad prop" {
		t.Errorf("Panics = %q", msg)
	}
	if msg := Panics(func() {}); msg != "" {
		t.Errorf("Panics of a normal return = %q", msg)
	}
}
