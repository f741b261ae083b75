package suite

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"time"
)

// Message is one report the shim sends (JSON): a log entry, the end of the
// case, or a control request.
type Message struct {
	Token    string `json:"token"`
	Kind     string `json:"kind"` // "log", "done", "fail", "control"
	Ctx      string `json:"ctx"`
	Instance string `json:"instance"` // one per shim instance (context)
	Seq      int    `json:"seq"`      // per instance, from 1; 0 for control requests
	Text     string `json:"text"`
	Action   string `json:"action"`
	Arg      string `json:"arg"`
}

// ParseMessage decodes one report, naming what is wrong with it.
func ParseMessage(data []byte) (Message, error) {
	var m Message
	if err := json.Unmarshal(data, &m); err != nil {
		return m, fmt.Errorf("report: %w", err)
	}
	switch m.Kind {
	case "log", "done", "fail", "control":
	default:
		return m, fmt.Errorf("report: unknown kind %q", m.Kind)
	}
	if m.Token == "" {
		return m, fmt.Errorf("report: no token")
	}
	return m, nil
}

// ParseMessages decodes one request's body: a single report, or a batch
// (a JSON array) of reports of one context in order. A control request
// must come alone.
func ParseMessages(data []byte) ([]Message, error) {
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) == 0 || trimmed[0] != '[' {
		m, err := ParseMessage(data)
		if err != nil {
			return nil, err
		}
		return []Message{m}, nil
	}
	var raws []json.RawMessage
	if err := json.Unmarshal(trimmed, &raws); err != nil {
		return nil, fmt.Errorf("report batch: %w", err)
	}
	msgs := make([]Message, 0, len(raws))
	for i, raw := range raws {
		m, err := ParseMessage(raw)
		if err != nil {
			return nil, fmt.Errorf("report batch, entry %d: %w", i, err)
		}
		if m.Kind == "control" {
			return nil, fmt.Errorf("report batch, entry %d: a control request must be sent alone", i)
		}
		msgs = append(msgs, m)
	}
	return msgs, nil
}

// Record accumulates one run's reports into a Result. It is not safe for
// concurrent use; the server guards it.
type Record struct {
	res   Result
	ended bool
	start time.Time
	// lastSeq is the last sequence number seen per shim instance: the
	// shim sends one request at a time per context, so a gap or a step
	// back means a report was lost or reordered, which is recorded.
	lastSeq map[string]int
}

// NewRecord starts an empty record.
func NewRecord() *Record {
	return &Record{res: Result{Log: map[string][]string{}}, lastSeq: map[string]int{}, start: time.Now()}
}

// Add records a log, done or fail report. After the first done or fail the
// outcome is fixed, but log entries still count (the harness waits a grace
// period for reports still on their way).
func (r *Record) Add(m Message) {
	if m.Instance != "" && m.Seq != 0 {
		if last := r.lastSeq[m.Instance]; m.Seq != last+1 {
			r.res.Log[m.Ctx] = append(r.res.Log[m.Ctx], fmt.Sprintf("(harness: report %d of this context arrived after %d)", m.Seq, last))
		}
		if m.Seq > r.lastSeq[m.Instance] {
			r.lastSeq[m.Instance] = m.Seq
		}
	}
	switch m.Kind {
	case "log":
		r.res.Log[m.Ctx] = append(r.res.Log[m.Ctx], m.Text)
	case "done":
		r.end(Pass, "")
	case "fail":
		r.end(Fail, fmt.Sprintf("%s: %s", m.Ctx, m.Text))
	}
}

func (r *Record) end(o Outcome, msg string) {
	if r.ended {
		return
	}
	r.ended = true
	r.res.Outcome = o
	r.res.Message = msg
}

// Ended reports whether done or fail arrived.
func (r *Record) Ended() bool { return r.ended }

// Timeout ends the record as timed out unless it ended already.
func (r *Record) Timeout(msg string) { r.end(Timeout, msg) }

// Result returns a copy of what was recorded.
func (r *Record) Result() *Result {
	res := r.res
	res.Log = make(map[string][]string, len(r.res.Log))
	for k, v := range r.res.Log {
		res.Log[k] = append([]string(nil), v...)
	}
	res.Elapsed = time.Since(r.start)
	return &res
}

// Grace is how long a run keeps recording after the case ended: in real
// browsers, reports made just before T.done in other contexts may still be
// on their way; extsim runs this much more virtual time for the same
// reason.
const Grace = 300 * time.Millisecond

// SortedContexts returns a log's context labels in order.
func SortedContexts(log map[string][]string) []string {
	keys := make([]string, 0, len(log))
	for k := range log {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
