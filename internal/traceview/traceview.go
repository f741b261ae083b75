// Package traceview turns an extsim trace (the JSON lines `extsim run
// --trace` writes) into a self-contained HTML sequence diagram: one lane per
// context, time flowing down, an arrow per message. The page has no external
// resources; a little inline JavaScript shows an arrow's details on click.
package traceview

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"io"
	"strings"
	"time"

	"github.com/extsim/extsim/trace"
)

// MaxEvents is how many events Render draws; the rest are left out and the
// page says so.
const MaxEvents = 2000

// Colors the page uses; the browser test looks for them in a screenshot.
const (
	LaneColor  = "#1f6feb"
	ArrowColor = "#d1242f"
)

// Layout, in SVG user units (CSS pixels).
const (
	timeColW = 110
	laneW    = 210
	headerH  = 44
	rowH     = 28
	topPad   = 12
	marginR  = 220 // room for the labels of markers on the last lane
)

// maxLine is the longest JSON line ReadJSONL accepts.
const maxLine = 64 << 20

// ReadJSONL reads one trace.Event per line. Blank lines are skipped; an
// error names the 1-based line it occurred on.
func ReadJSONL(r io.Reader) ([]trace.Event, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), maxLine)
	var events []trace.Event
	line := 0
	for sc.Scan() {
		line++
		b := bytes.TrimSpace(sc.Bytes())
		if len(b) == 0 {
			continue
		}
		var e trace.Event
		if err := json.Unmarshal(b, &e); err != nil {
			return nil, fmt.Errorf("trace line %d: %w", line, err)
		}
		if e.Kind == "" {
			return nil, fmt.Errorf("trace line %d: event has no kind", line)
		}
		events = append(events, e)
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return nil, fmt.Errorf("trace line %d: line longer than %d bytes", line+1, maxLine)
		}
		return nil, fmt.Errorf("trace line %d: %w", line+1, err)
	}
	return events, nil
}

// itemKind says how a row is drawn.
type itemKind int

const (
	itemArrow  itemKind = iota // a message from one lane to another
	itemMarker                 // a mark on one lane
)

// item is one row of the diagram.
type item struct {
	kind     itemKind
	class    string // CSS class: post, send, respond, fail, connect / start, stop, ...
	from, to string // lanes (to is empty for markers)
	label    string // short text drawn next to the arrow or marker
	isErr    bool
	ev       trace.Event // the event the row stands for
	extra    string      // more detail text (e.g. "delivered at 3ms")
}

// detail is what the click panel shows for a row.
type detail struct {
	Kind    string `json:"kind"`
	Time    string `json:"time"`
	Channel uint64 `json:"ch,omitempty"`
	From    string `json:"from,omitempty"`
	To      string `json:"to,omitempty"`
	Name    string `json:"name,omitempty"`
	Size    int    `json:"size,omitempty"`
	Error   string `json:"error,omitempty"`
	Reason  string `json:"reason,omitempty"`
	Note    string `json:"note,omitempty"`
	Payload string `json:"payload,omitempty"`
}

// isTarget reports whether label names a message target rather than a
// context: "extension <id>" or a bare "tab N".
func isTarget(label string) bool {
	if label == "" || strings.HasPrefix(label, "extension ") {
		return true
	}
	n, ok := strings.CutPrefix(label, "tab ")
	if !ok || n == "" {
		return false
	}
	for _, c := range n {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// build turns events into diagram rows.
func build(events []trace.Event) []item {
	var items []item
	marker := func(lane, class, label string, isErr bool, e trace.Event) {
		if isTarget(lane) {
			return
		}
		items = append(items, item{kind: itemMarker, class: class, from: lane, label: label, isErr: isErr, ev: e})
	}
	arrow := func(from, to, class, label string, e trace.Event, extra string) {
		if isTarget(from) {
			return
		}
		if isTarget(to) {
			marker(from, class, label+" → "+to, e.Error != "", e)
			return
		}
		items = append(items, item{kind: itemArrow, class: class, from: from, to: to, label: label, isErr: e.Error != "", ev: e, extra: extra})
	}
	// later finds the events after i of kind k on channel ch.
	later := func(i int, k string, ch uint64) []int {
		var out []int
		for j := i + 1; j < len(events); j++ {
			if events[j].Kind == k && events[j].Channel == ch {
				out = append(out, j)
			}
		}
		return out
	}
	usedDeliver := map[int]bool{}
	for i, e := range events {
		switch e.Kind {
		case "context.start":
			marker(e.From, "start", "start", false, e)
		case "context.stop":
			marker(e.From, "stop", "stop: "+e.Reason, false, e)
		case "context.invalidate":
			marker(e.From, "invalidate", "invalidated", false, e)
		case "context.error":
			marker(e.From, "error", "error: "+e.Error, true, e)
		case "port.connect":
			accepts := later(i, "port.accept", e.Channel)
			label := "connect " + quoteName(e.Name)
			if len(accepts) == 0 {
				marker(e.From, "connect", label+" → "+e.To+" (no receiver yet)", false, e)
			}
			for _, j := range accepts {
				arrow(e.From, events[j].To, "connect", label, e, "accepted at "+fmtTime(events[j].At))
			}
		case "port.post":
			note := ""
			for _, j := range later(i, "port.deliver", e.Channel) {
				if !usedDeliver[j] && events[j].To == e.To {
					usedDeliver[j] = true
					note = "delivered at " + fmtTime(events[j].At)
					break
				}
			}
			arrow(e.From, e.To, "post", fmt.Sprintf("post %dB", e.Size), e, note)
		case "port.drop":
			lane := e.From
			if lane == "" {
				lane = e.To
			}
			marker(lane, "drop", "dropped: "+e.Reason, true, e)
		case "port.decline":
			marker(e.To, "decline", "declined: "+e.Reason, false, e)
		case "port.disconnect":
			marker(e.From, "disconnect", "disconnect()", false, e)
		case "port.ondisconnect":
			label := "onDisconnect"
			if e.Error != "" {
				label += ": " + e.Error
			}
			marker(e.To, "ondisconnect", label, e.Error != "", e)
		case "oneoff.send":
			dispatches := later(i, "oneoff.dispatch", e.Channel)
			label := fmt.Sprintf("sendMessage %dB", e.Size)
			if len(dispatches) == 0 {
				marker(e.From, "send", label+" → "+e.To+" (no receiver)", false, e)
			}
			for _, j := range dispatches {
				arrow(e.From, events[j].To, "send", label, e, "dispatched at "+fmtTime(events[j].At))
			}
		case "oneoff.respond", "oneoff.fail":
			sender := ""
			for j := i - 1; j >= 0; j-- {
				if events[j].Kind == "oneoff.send" && events[j].Channel == e.Channel {
					sender = events[j].From
					break
				}
			}
			class, label := "respond", fmt.Sprintf("response %dB", e.Size)
			if e.Kind == "oneoff.fail" {
				class, label = "fail", "failed: "+e.Error
			}
			if sender == "" {
				marker(e.From, class, label, e.Error != "", e)
			} else {
				arrow(e.From, sender, class, label, e, "")
			}
		case "oneoff.outcome":
			label := "outcome: " + e.Reason
			if e.Error != "" {
				label += ": " + e.Error
			}
			marker(e.To, "outcome", label, e.Error != "", e)
		case "event.dispatch":
			marker(e.To, "event", e.Name, false, e)
		}
	}
	return items
}

// unescapeHTML undoes the \u003c, \u003e and \u0026 escapes Go's JSON
// encoder puts in strings, so the details panel shows "<" as typed. Every
// backslash in JSON text starts an escape, so pairs are skipped as a whole.
func unescapeHTML(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' || i+1 >= len(s) {
			b.WriteByte(s[i])
			continue
		}
		if s[i+1] == 'u' && i+6 <= len(s) {
			switch strings.ToLower(s[i+2 : i+6]) {
			case "003c":
				b.WriteByte('<')
				i += 5
				continue
			case "003e":
				b.WriteByte('>')
				i += 5
				continue
			case "0026":
				b.WriteByte('&')
				i += 5
				continue
			}
		}
		b.WriteString(s[i : i+2])
		i++
	}
	return b.String()
}

func quoteName(n string) string {
	if n == "" {
		return "(unnamed)"
	}
	return fmt.Sprintf("%q", n)
}

func fmtTime(d time.Duration) string { return d.String() }

// lanes returns the contexts the rows touch, in first-seen order.
func lanes(items []item) ([]string, map[string]int) {
	var order []string
	index := map[string]int{}
	add := func(l string) {
		if l == "" {
			return
		}
		if _, ok := index[l]; !ok {
			index[l] = len(order)
			order = append(order, l)
		}
	}
	for _, it := range items {
		add(it.from)
		add(it.to)
	}
	return order, index
}

// shortenMiddle cuts s to n runes, keeping its start and its end (where a
// context label's "#N" is).
func shortenMiddle(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	tail := (n - 1) / 2
	return string(r[:n-1-tail]) + "…" + string(r[len(r)-tail:])
}

func esc(s string) string { return html.EscapeString(s) }

// shorten cuts s to n runes with an ellipsis.
func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// Render writes a self-contained HTML page showing events as a sequence
// diagram. Only the first MaxEvents events are drawn.
func Render(w io.Writer, events []trace.Event, title string) error {
	total := len(events)
	if total > MaxEvents {
		events = events[:MaxEvents]
	}
	items := build(events)
	laneNames, laneIdx := lanes(items)

	width := timeColW + laneW*max(len(laneNames), 1) + marginR
	height := topPad + rowH*len(items) + rowH
	laneX := func(l string) int { return timeColW + laneW*laneIdx[l] + laneW/2 }

	details := make([]detail, len(items))
	for i, it := range items {
		e := it.ev
		d := detail{Kind: e.Kind, Time: fmtTime(e.At), Channel: e.Channel, From: e.From, To: e.To,
			Name: e.Name, Size: e.Size, Error: e.Error, Reason: e.Reason, Note: it.extra}
		if it.kind == itemArrow {
			d.From, d.To = it.from, it.to
		}
		if len(e.Payload) > 0 {
			var buf bytes.Buffer
			if json.Indent(&buf, e.Payload, "", "  ") == nil {
				d.Payload = unescapeHTML(buf.String())
			} else {
				d.Payload = string(e.Payload)
			}
		}
		details[i] = d
	}
	data, err := json.Marshal(details) // escapes <, > and & as \u003c...: safe inside <script>
	if err != nil {
		return fmt.Errorf("traceview: encoding details: %w", err)
	}

	var b strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }

	p("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>%s</title>\n", esc(title))
	p("<style>\n%s</style>\n</head>\n<body>\n", css)
	p("<header><h1>%s</h1>\n<p class=\"summary\">%d events, %d lanes, %d rows drawn.", esc(title), total, len(laneNames), len(items))
	if total > MaxEvents {
		p(" <strong class=\"truncated\">Only the first %d of %d events are shown.</strong>", MaxEvents, total)
	}
	p(" Click an arrow or marker for details.</p></header>\n")
	p("<main>\n<div id=\"diagram\">\n")

	// Lane headers: a separate SVG that stays on top while scrolling.
	p("<svg class=\"lanes-head\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\">\n", width, headerH, width, headerH)
	p("<text class=\"time-head\" x=\"8\" y=\"%d\">virtual time</text>\n", headerH/2+4)
	for i, l := range laneNames {
		x := timeColW + laneW*i
		p("<g class=\"lane-header\"><title>%s</title><rect x=\"%d\" y=\"4\" width=\"%d\" height=\"%d\" rx=\"5\"/><text x=\"%d\" y=\"%d\">%s</text></g>\n",
			esc(l), x+6, laneW-12, headerH-8, x+laneW/2, headerH/2+4, esc(shortenMiddle(l, 24)))
	}
	p("</svg>\n")

	p("<svg class=\"seq\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\">\n", width, height, width, height)
	p("<defs><marker id=\"head\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"5\" markerHeight=\"5\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"%s\"/></marker>", ArrowColor)
	p("<marker id=\"head-connect\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"5\" markerHeight=\"5\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#8250df\"/></marker></defs>\n")
	for i := 1; i < len(items); i += 2 {
		p("<rect class=\"band\" x=\"0\" y=\"%d\" width=\"%d\" height=\"%d\"/>\n", topPad+rowH*i, width, rowH)
	}
	for _, l := range laneNames {
		x := laneX(l)
		p("<line class=\"lane\" x1=\"%d\" y1=\"0\" x2=\"%d\" y2=\"%d\"/>\n", x, x, height)
	}
	var lastTime time.Duration = -1
	for i, it := range items {
		y := topPad + rowH*i + rowH/2
		if it.ev.At != lastTime {
			p("<text class=\"time\" x=\"8\" y=\"%d\">%s</text>\n", y+4, esc(fmtTime(it.ev.At)))
			lastTime = it.ev.At
		}
		errClass := ""
		if it.isErr {
			errClass = " err"
		}
		switch it.kind {
		case itemArrow:
			x1, x2 := laneX(it.from), laneX(it.to)
			head := "url(#head)"
			if it.class == "connect" {
				head = "url(#head-connect)"
			}
			p("<g class=\"msg %s%s\" data-i=\"%d\" tabindex=\"0\"><title>%s</title>", it.class, errClass, i, esc(it.ev.Kind+": "+it.from+" → "+it.to))
			if x1 == x2 { // a context messaging itself: a small loop
				d := fmt.Sprintf("M%d,%d h40 v%d h-38", x1, y-8, 14)
				p("<path class=\"hit\" d=\"%s\"/><path class=\"arrow %s\" d=\"%s\" marker-end=\"%s\"/>", d, it.class, d, head)
				p("<text class=\"label\" x=\"%d\" y=\"%d\">%s</text>", x1+46, y+4, esc(shorten(it.label, 40)))
			} else {
				dir := 1
				if x2 < x1 {
					dir = -1
				}
				x2 -= dir * 2
				p("<line class=\"hit\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>", x1, y, x2, y)
				p("<line class=\"arrow %s\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" marker-end=\"%s\"/>", it.class, x1, y, x2, y, head)
				p("<text class=\"label\" x=\"%d\" y=\"%d\">%s</text>", (x1+x2)/2, y-4, esc(shorten(it.label, 40)))
			}
			p("</g>\n")
		case itemMarker:
			x := laneX(it.from)
			p("<g class=\"mark %s%s\" data-i=\"%d\" tabindex=\"0\"><title>%s</title>", it.class, errClass, i, esc(it.ev.Kind+": "+it.label))
			switch it.class {
			case "start":
				p("<circle class=\"marker\" cx=\"%d\" cy=\"%d\" r=\"6\"/>", x, y)
			case "stop":
				p("<rect class=\"marker\" x=\"%d\" y=\"%d\" width=\"12\" height=\"12\"/>", x-6, y-6)
			default:
				p("<path class=\"marker\" d=\"M%d,%d l6,6 l-6,6 l-6,-6 z\"/>", x, y-6)
			}
			p("<text class=\"mlabel\" x=\"%d\" y=\"%d\">%s</text></g>\n", x+10, y+4, esc(shorten(it.label, 60)))
		}
	}
	p("</svg>\n</div>\n")
	p("<aside id=\"panel\"><h2>Details</h2><p id=\"hint\">Click an arrow or marker.</p><dl id=\"fields\"></dl><pre id=\"payload\"></pre></aside>\n</main>\n")
	p("<script type=\"application/json\" id=\"data\">%s</script>\n", data)
	p("<script>\n%s</script>\n</body>\n</html>\n", script)

	_, err = io.WriteString(w, b.String())
	return err
}

const css = `body { margin: 0; font: 13px/1.4 system-ui, sans-serif; color: #1f2328; background: #fff; }
header { padding: 8px 16px; border-bottom: 1px solid #d0d7de; }
h1 { font-size: 17px; margin: 0 0 4px; }
.summary { margin: 0; color: #57606a; }
.truncated { color: #bc4c00; }
main { display: flex; height: calc(100vh - 64px); }
#diagram { flex: 1; overflow: auto; }
.lanes-head { position: sticky; top: 0; background: #fff; display: block; z-index: 1; }
.seq { display: block; }
.lane-header rect { fill: ` + LaneColor + `; }
.lane-header text { fill: #fff; font-size: 12px; text-anchor: middle; font-weight: 600; }
.time-head { fill: #57606a; font-size: 11px; }
.lane { stroke: ` + LaneColor + `; stroke-width: 2; }
.band { fill: #f6f8fa; }
.time { fill: #57606a; font: 11px ui-monospace, monospace; }
.arrow { stroke: ` + ArrowColor + `; stroke-width: 2; fill: none; }
.arrow.connect { stroke: #8250df; stroke-dasharray: 6 4; }
.arrow.respond { stroke-dasharray: 2 3; }
.arrow.fail { stroke-dasharray: 2 3; }
.hit { stroke: transparent; stroke-width: 12; fill: none; }
.msg, .mark { cursor: pointer; outline: none; }
.msg:hover .arrow, .msg.sel .arrow, .msg:focus .arrow { stroke-width: 4; }
.label { font-size: 11px; text-anchor: middle; fill: #1f2328; paint-order: stroke; stroke: #fff; stroke-width: 3px; }
.msg.err .label, .mark.err .mlabel { fill: #cf222e; }
.mlabel { font-size: 11px; fill: #424a53; paint-order: stroke; stroke: #fff; stroke-width: 3px; }
.marker { fill: #6e7781; stroke: #fff; stroke-width: 1; }
.mark.start .marker { fill: #1a7f37; }
.mark.stop .marker { fill: #24292f; }
.mark.err .marker { fill: #cf222e; }
.mark.event .marker { fill: #9a6700; }
.mark:hover .marker, .mark.sel .marker { stroke: #000; stroke-width: 2; }
#panel { width: 340px; border-left: 1px solid #d0d7de; padding: 8px 12px; overflow: auto; background: #f6f8fa; }
#panel h2 { font-size: 14px; margin: 0 0 6px; }
#fields dt { font-weight: 600; color: #57606a; }
#fields dd { margin: 0 0 4px 0; word-break: break-all; }
#payload { background: #fff; border: 1px solid #d0d7de; padding: 6px; white-space: pre-wrap; word-break: break-all; font: 12px ui-monospace, monospace; }
#payload:empty { display: none; }
`

// script fills the details panel. It only ever sets textContent, so no
// trace text is parsed as HTML.
const script = `(function () {
  var data = JSON.parse(document.getElementById("data").textContent);
  var fields = document.getElementById("fields");
  var payload = document.getElementById("payload");
  var hint = document.getElementById("hint");
  var names = [["kind","kind"],["time","time"],["ch","channel"],["from","from"],["to","to"],["name","name"],["size","size (bytes)"],["error","error"],["reason","reason"],["note","note"]];
  var selected = null;
  function show(el) {
    var d = data[+el.getAttribute("data-i")];
    if (!d) { return; }
    if (selected) { selected.classList.remove("sel"); }
    selected = el; el.classList.add("sel");
    hint.textContent = "";
    while (fields.firstChild) { fields.removeChild(fields.firstChild); }
    names.forEach(function (n) {
      if (d[n[0]] === undefined || d[n[0]] === "") { return; }
      var dt = document.createElement("dt"); dt.textContent = n[1];
      var dd = document.createElement("dd"); dd.textContent = String(d[n[0]]);
      fields.appendChild(dt); fields.appendChild(dd);
    });
    payload.textContent = d.payload || "";
  }
  document.querySelectorAll("[data-i]").forEach(function (el) {
    el.addEventListener("click", function () { show(el); });
    el.addEventListener("keydown", function (ev) { if (ev.key === "Enter") { show(el); } });
  });
})();
`
