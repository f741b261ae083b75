package traceview

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/extsim/extsim/trace"
)

const (
	sw = "service-worker demo#1"
	cs = "tab 1 frame 0 content demo#3"
	pg = "tab 1 frame 0 popup demo#4"
)

// synthetic is a small trace: a port with two posts, a one-off message
// answered by two listeners' contexts, an error disconnect and a stop.
func synthetic() []trace.Event {
	ms := time.Millisecond
	return []trace.Event{
		{At: 0, Kind: "extension.load", From: "abc", Reason: "demo"},
		{At: 0, Kind: "context.start", From: sw},
		{At: 0, Kind: "tab.create", From: "tab 1"},
		{At: 0, Kind: "context.start", From: cs},
		{At: 1 * ms, Kind: "port.connect", Channel: 1, From: cs, To: "extension abc", Name: "p"},
		{At: 1 * ms, Kind: "port.post", Channel: 1, From: cs, To: sw, Size: 30, Payload: json.RawMessage(`{"evil":"</script><b>bold</b>&amp;"}`)},
		{At: 1 * ms, Kind: "port.accept", Channel: 1, To: sw, Name: "p"},
		{At: 1 * ms, Kind: "port.deliver", Channel: 1, To: sw, Size: 30},
		{At: 2 * ms, Kind: "port.post", Channel: 1, From: sw, To: cs, Size: 5, Payload: json.RawMessage(`"pong"`)},
		{At: 2 * ms, Kind: "port.deliver", Channel: 1, To: cs, Size: 5},
		{At: 3 * ms, Kind: "context.start", From: pg},
		{At: 3 * ms, Kind: "oneoff.send", Channel: 2, From: cs, To: "extension abc", Size: 4, Payload: json.RawMessage(`"hi"`)},
		{At: 3 * ms, Kind: "oneoff.dispatch", Channel: 2, To: sw},
		{At: 3 * ms, Kind: "oneoff.dispatch", Channel: 2, To: pg},
		{At: 4 * ms, Kind: "oneoff.respond", Channel: 2, From: sw, Size: 6, Payload: json.RawMessage(`"back"`)},
		{At: 4 * ms, Kind: "oneoff.outcome", Channel: 2, To: cs, Reason: "responded", Size: 6},
		{At: 30 * time.Second, Kind: "context.stop", From: sw, Reason: "worker-stopped"},
		{At: 30 * time.Second, Kind: "port.ondisconnect", Channel: 1, To: cs, Error: "Attempting to use a disconnected port <x>"},
	}
}

func render(t *testing.T, events []trace.Event, title string) string {
	t.Helper()
	var b bytes.Buffer
	if err := Render(&b, events, title); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestRenderDrawsLanesArrowsAndMarkers(t *testing.T) {
	out := render(t, synthetic(), "demo <trace>")

	for _, want := range []string{"<!DOCTYPE html>", "<svg", "</svg>", "<title>demo &lt;trace&gt;</title>", "<h1>demo &lt;trace&gt;</h1>"} {
		if !strings.Contains(out, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	// Lanes: the three contexts, in first-seen order; never the targets.
	heads := regexp.MustCompile(`<g class="lane-header"><title>([^<]*)</title>`).FindAllStringSubmatch(out, -1)
	var got []string
	for _, h := range heads {
		got = append(got, h[1])
	}
	if want := []string{sw, cs, pg}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("lane headers %q, want %q", got, want)
	}
	if n := strings.Count(out, `<line class="lane"`); n != 3 {
		t.Errorf("%d lane lines, want 3", n)
	}
	// Arrows: 1 connect (one acceptor), 2 posts, 2 sends (two receivers), 1 response.
	counts := map[string]int{"connect": 1, "post": 2, "send": 2, "respond": 1}
	total := 0
	for class, want := range counts {
		total += want
		if n := strings.Count(out, `class="arrow `+class+`"`); n != want {
			t.Errorf("%d %s arrows, want %d", n, class, want)
		}
	}
	if n := strings.Count(out, `class="arrow `); n != total {
		t.Errorf("%d arrows in all, want %d", n, total)
	}
	// Markers: 3 starts, 1 stop with its reason, outcome, and a red ondisconnect.
	if n := strings.Count(out, `<g class="mark start"`); n != 3 {
		t.Errorf("%d start markers, want 3", n)
	}
	if !strings.Contains(out, "stop: worker-stopped") {
		t.Error("the stop marker lacks its reason")
	}
	if !strings.Contains(out, `<g class="mark ondisconnect err"`) {
		t.Error("the ondisconnect with an error is not marked as an error")
	}
	if !strings.Contains(out, "onDisconnect: Attempting to use a disconnected port &lt;x&gt;") {
		t.Error("the ondisconnect marker lacks its escaped error text")
	}
	// The send arrows go from the sender's lane to each receiver's lane.
	xs := regexp.MustCompile(`<line class="lane" x1="(\d+)"`).FindAllStringSubmatch(out, -1)
	sendLines := regexp.MustCompile(`<line class="arrow send" x1="(\d+)" y1="\d+" x2="(\d+)"`).FindAllStringSubmatch(out, -1)
	if len(xs) == 3 && len(sendLines) == 2 {
		if sendLines[0][1] != xs[1][1] || sendLines[1][1] != xs[1][1] {
			t.Errorf("send arrows start at %s and %s, want the content script's lane %s", sendLines[0][1], sendLines[1][1], xs[1][1])
		}
	}
	// Time column.
	for _, want := range []string{">0s</text>", ">1ms</text>", ">30s</text>"} {
		if !strings.Contains(out, want) {
			t.Errorf("time column lacks %q", want)
		}
	}
}

func TestRenderEscapesPayloads(t *testing.T) {
	out := render(t, synthetic(), "x")
	if strings.Contains(out, "<b>bold") || strings.Contains(out, "</script><b>") {
		t.Fatal("the payload's markup reached the page unescaped")
	}
	// Exactly the page's own two scripts open and close.
	if n := strings.Count(out, "<script"); n != 2 {
		t.Errorf("%d <script openings, want 2", n)
	}
	if n := strings.Count(out, "</script>"); n != 2 {
		t.Errorf("%d </script> closings, want 2", n)
	}
	// The details data parses back and holds the payload verbatim.
	m := regexp.MustCompile(`(?s)<script type="application/json" id="data">(.*?)</script>`).FindStringSubmatch(out)
	if m == nil {
		t.Fatal("no details data")
	}
	var details []detail
	if err := json.Unmarshal([]byte(m[1]), &details); err != nil {
		t.Fatalf("details data: %v", err)
	}
	found := false
	for _, d := range details {
		if strings.Contains(d.Payload, `"</script><b>bold</b>&amp;"`) {
			found = true
			if d.Kind != "port.post" || d.Channel != 1 || d.Size != 30 || d.Time != "1ms" || d.Note != "delivered at 1ms" {
				t.Errorf("details of the post: %+v", d)
			}
		}
	}
	if !found {
		t.Error("the payload is not in the details data")
	}
}

// TestRenderStructure checks the page's skeleton in order.
func TestRenderStructure(t *testing.T) {
	out := render(t, synthetic(), "x")
	order := []string{"<!DOCTYPE html>", "<head>", "<style>", "</head>", "<body>", "<header>", "<main>",
		`<div id="diagram">`, `<svg class="lanes-head"`, `<svg class="seq"`, "<defs>", `<line class="lane"`,
		`<g class="mark start"`, `<g class="msg connect"`, `<g class="msg post"`, `<g class="msg send"`,
		`<g class="msg respond"`, `<g class="mark stop"`, "</svg>", `<aside id="panel">`, "</main>",
		`<script type="application/json" id="data">`, "<script>", "</body>", "</html>"}
	pos := 0
	for _, s := range order {
		i := strings.Index(out[pos:], s)
		if i < 0 {
			t.Fatalf("%q missing or out of order after byte %d", s, pos)
		}
		pos += i + len(s)
	}
	for _, bad := range []string{"http://", "https://", "src=", "href=", "@import"} {
		if strings.Contains(strings.ReplaceAll(out, `xmlns="http://www.w3.org/2000/svg"`, ""), bad) {
			t.Errorf("page refers to an external resource (%q)", bad)
		}
	}
	// data-i indices are 0..n-1, one per row.
	idx := regexp.MustCompile(`data-i="(\d+)"`).FindAllStringSubmatch(out, -1)
	for i, m := range idx {
		if m[1] != fmt.Sprint(i) {
			t.Fatalf("row %d has data-i %s", i, m[1])
		}
	}
	// Rendering is deterministic.
	if again := render(t, synthetic(), "x"); again != out {
		t.Error("two renders of the same trace differ")
	}
}

func TestRenderTruncatesLongTraces(t *testing.T) {
	var events []trace.Event
	for i := range MaxEvents + 500 {
		events = append(events, trace.Event{At: time.Duration(i), Kind: "port.post", Channel: 1, From: sw, To: cs, Size: 1})
	}
	out := render(t, events, "long")
	if n := strings.Count(out, `class="arrow post"`); n != MaxEvents {
		t.Errorf("%d arrows, want %d", n, MaxEvents)
	}
	if !strings.Contains(out, fmt.Sprintf("Only the first %d of %d events are shown.", MaxEvents, MaxEvents+500)) {
		t.Error("the page does not say it was truncated")
	}
	short := render(t, events[:10], "short")
	if strings.Contains(short, "Only the first") {
		t.Error("a short trace claims to be truncated")
	}
}

func TestRenderEmptyAndOddTraces(t *testing.T) {
	out := render(t, nil, "empty")
	if !strings.Contains(out, "<svg") || strings.Contains(out, `class="arrow`) {
		t.Error("empty trace: want an svg and no arrows")
	}
	// A post to itself draws a loop; a post to a target label is a marker.
	out = render(t, []trace.Event{
		{Kind: "port.post", Channel: 1, From: sw, To: sw},
		{Kind: "port.post", Channel: 2, From: sw, To: "extension abc"},
		{Kind: "oneoff.send", Channel: 3, From: sw, To: "tab 4"},
	}, "odd")
	if n := strings.Count(out, `<path class="arrow post"`); n != 1 {
		t.Errorf("%d self-loops, want 1", n)
	}
	if strings.Contains(out, "<title>extension abc</title>") || strings.Contains(out, "<title>tab 4</title>") {
		t.Error("a target label became a lane")
	}
	if !strings.Contains(out, "(no receiver)") {
		t.Error("an undelivered one-off message is not shown")
	}
}

func TestUnescapeHTML(t *testing.T) {
	for in, want := range map[string]string{
		`"\u003c/script\u003e"`: `"</script>"`,
		`"a\u0026b"`:            `"a&b"`,
		`"\\u003c"`:             `"\\u003c"`, // an escaped backslash, then text
		`"\n\u00e9"`:            `"\n\u00e9"`,
		`"\u003C"`:              `"<"`,
		`"\`:                    `"\`,
	} {
		if got := unescapeHTML(in); got != want {
			t.Errorf("unescapeHTML(%s) = %s, want %s", in, got, want)
		}
	}
}

func TestReadJSONL(t *testing.T) {
	var log trace.Log
	log.Events = synthetic()
	var b bytes.Buffer
	if err := log.WriteJSONL(&b); err != nil {
		t.Fatal(err)
	}
	events, err := ReadJSONL(strings.NewReader(b.String() + "\n\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(events) != len(log.Events) || events[5].Kind != "port.post" || unescapeHTML(string(events[5].Payload)) != string(log.Events[5].Payload) {
		t.Fatalf("round trip: %d events, %+v", len(events), events)
	}
	// A payload read back from a file still shows its markup as typed in
	// the details, and still cannot break out of the page.
	out := render(t, events, "read back")
	if strings.Contains(out, "<b>bold") {
		t.Error("markup escaped from the page")
	}
	if !strings.Contains(out, `\u003c/script\u003e\u003cb\u003ebold`) {
		t.Error("the details data lacks the escaped payload")
	}
	for _, tc := range []struct{ in, want string }{
		{`{"t":0,"kind":"a"}` + "\n" + `{"t":0,"kind":"b"}` + "\n" + `{"t":0,"kind":` + "\n", "line 3"},
		{`{"t":0,"kind":"a"}` + "\n\n" + `not json`, "line 3"},
		{`{"t":"soon","kind":"a"}`, "line 1"},
		{`{"t":0}`, "line 1: event has no kind"},
	} {
		_, err := ReadJSONL(strings.NewReader(tc.in))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("ReadJSONL(%q) = %v, want an error naming %q", tc.in, err, tc.want)
		}
	}
}
