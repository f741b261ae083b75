package main

import (
	"bytes"
	"strings"
	"testing"
)

func TestDemoRunsTheMDNConversationInBothProfiles(t *testing.T) {
	for _, prof := range []string{"chrome", "firefox"} {
		var out, errs bytes.Buffer
		if code := run([]string{"-profile", prof, "-trace"}, &out, &errs); code != 0 {
			t.Fatalf("%s: exit %d: %s", prof, code, errs.String())
		}
		got := out.String()
		for _, want := range []string{
			`[background] onConnect: port "port-from-cs" from https://example.com/`,
			`[background] received: {"greeting":"hello from content script"}`,
			`[tab 1 frame 0 content] received: {"greeting":"hi there content script!"}`,
			`[background] received: {"greeting":"they clicked the page!"}`,
			`[tab 1 frame 0 content] received: {"greeting":"they clicked the button!"}`,
			`[background] port disconnected`,
			`"kind":"port.connect"`,
		} {
			if !strings.Contains(got, want) {
				t.Errorf("%s: output lacks %q:\n%s", prof, want, got)
			}
		}
	}
}

func TestDemoRejectsAnUnknownProfile(t *testing.T) {
	var out, errs bytes.Buffer
	if code := run([]string{"-profile", "safari"}, &out, &errs); code != 2 || !strings.Contains(errs.String(), "unknown profile") {
		t.Fatalf("exit %d, stderr %q", code, errs.String())
	}
}
