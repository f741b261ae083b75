package browser

import (
	"github.com/extsim/extsim/browser/manifest"
)

// Query is a tabs.query filter. Nil pointers and empty strings mean "any".
type Query struct {
	Active            *bool
	CurrentWindow     *bool
	LastFocusedWindow *bool
	// URL holds match patterns; a tab matches if its URL matches any of them.
	URL      []string
	WindowID *int
	Index    *int
	// Status is "loading" or "complete".
	Status string
	// Title is a pattern with * and ? wildcards matched against the title.
	Title     string
	Pinned    *bool
	Discarded *bool
}

// QueryError is a tabs.query argument the browser rejects. Message is the
// text the JS API reports (Chrome's wording).
type QueryError struct {
	Message string
	Err     error
}

func (e *QueryError) Error() string {
	return "browser: tabs.query: " + e.Message + ": " + e.Err.Error()
}
func (e *QueryError) Unwrap() error { return e.Err }

// FocusWindow focuses w: it becomes the last focused window.
func (b *Browser) FocusWindow(w *Window) {
	if b.focused == w {
		return
	}
	b.focused = w
	b.focusChanged()
}

// FocusedWindow is the last focused window (nil before any window exists).
func (b *Browser) FocusedWindow() *Window { return b.focused }

// QueryTabs returns the open tabs matching q, in window order then index
// order (tabs.query). current is the caller's window ("currentWindow"); nil
// means the last focused window, as for a background context.
func (b *Browser) QueryTabs(q Query, current *Window) ([]*Tab, error) {
	if current == nil {
		current = b.focused
	}
	var patterns []*manifest.MatchPattern
	for _, s := range q.URL {
		p, err := manifest.ParseMatchPattern(s)
		if err != nil {
			return nil, &QueryError{Message: "Invalid url pattern '" + s + "'", Err: err}
		}
		patterns = append(patterns, p)
	}
	var out []*Tab
	for _, w := range b.windows {
		for i, t := range w.tabs {
			if !q.matches(t, i, current, b.focused, patterns) {
				continue
			}
			out = append(out, t)
		}
	}
	return out, nil
}

func (q Query) matches(t *Tab, index int, current, focused *Window, patterns []*manifest.MatchPattern) bool {
	is := func(want *bool, got bool) bool { return want == nil || *want == got }
	if !is(q.Active, t.active) || !is(q.Pinned, t.pinned) || !is(q.Discarded, t.discarded) {
		return false
	}
	if !is(q.CurrentWindow, t.window == current) || !is(q.LastFocusedWindow, t.window == focused) {
		return false
	}
	if q.WindowID != nil && *q.WindowID != t.window.ID {
		return false
	}
	if q.Index != nil && *q.Index != index {
		return false
	}
	if q.Status != "" && q.Status != t.status {
		return false
	}
	if q.Title != "" && !manifest.MatchGlob(q.Title, t.Title()) {
		return false
	}
	if len(patterns) > 0 {
		ok := false
		for _, p := range patterns {
			ok = ok || p.Matches(t.URL())
		}
		if !ok {
			return false
		}
	}
	return true
}
