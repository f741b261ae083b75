package report

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/extsim/extsim/conformance/internal/harness"
	"github.com/extsim/extsim/conformance/internal/suite"
)

// Pairs are the comparisons: extsim under a profile against the real
// browser of that family.
var Pairs = []Pair{{Sim: "extsim-chrome", Real: "chromium"}, {Sim: "extsim-firefox", Real: "firefox"}}

// Pair is one comparison.
type Pair struct{ Sim, Real string }

// Agree reports whether two runs of a case agree: both ended (pass or
// fail) the same way and every context logged the same entries in the same
// order. A timeout or an error never agrees: it says the case or the
// target is broken, not how the browser behaves.
func Agree(a, b *suite.Result) bool {
	if a == nil || b == nil || a.Outcome != b.Outcome {
		return false
	}
	if a.Outcome != suite.Pass && a.Outcome != suite.Fail {
		return false
	}
	if a.Outcome == suite.Fail && a.Message != b.Message {
		return false
	}
	for _, ctx := range contexts(a, b) {
		if !slices.Equal(a.Log[ctx], b.Log[ctx]) {
			return false
		}
	}
	return true
}

func contexts(a, b *suite.Result) []string {
	var all []string
	for _, r := range []*suite.Result{a, b} {
		if r == nil {
			continue
		}
		for k := range r.Log {
			if !slices.Contains(all, k) {
				all = append(all, k)
			}
		}
	}
	slices.Sort(all)
	return all
}

// PairSummary is one comparison's numbers.
type PairSummary struct {
	Pair
	// Ran is false when either target did not run (browser missing, or
	// not selected).
	Ran      bool
	Compared int // cases run on both
	Agreed   int
	// Disagreements lists the cases that differ, in case order; Known is
	// the entry excusing each, if any.
	Disagreements []Disagreement
}

// Disagreement is one case the two targets saw differently.
type Disagreement struct {
	Case  string
	Known *Known
}

// Unexplained counts the disagreements no known-differences entry covers.
func (p PairSummary) Unexplained() int {
	n := 0
	for _, d := range p.Disagreements {
		if d.Known == nil {
			n++
		}
	}
	return n
}

// Percent is the agreement over the compared cases.
func (p PairSummary) Percent() float64 {
	if p.Compared == 0 {
		return 0
	}
	return 100 * float64(p.Agreed) / float64(p.Compared)
}

// Summary is the comparison of a whole run.
type Summary struct {
	Pairs []PairSummary
	// Stale lists known-differences entries whose case now agrees or no
	// longer exists.
	Stale []Known
}

// OK reports whether every compared case agrees or is excused.
func (s Summary) OK() bool {
	for _, p := range s.Pairs {
		if p.Unexplained() > 0 {
			return false
		}
	}
	return true
}

// Summarize compares the runs pairwise and matches the known differences.
func Summarize(res *harness.Results, known []Known) Summary {
	var s Summary
	used := map[int]bool{}
	exists := map[string]bool{}
	for _, c := range res.Cases {
		exists[c.Name] = true
	}
	for _, pair := range Pairs {
		ps := PairSummary{Pair: pair, Ran: slices.Contains(res.Targets, pair.Sim) && slices.Contains(res.Targets, pair.Real)}
		if ps.Ran {
			for _, c := range res.Cases {
				a, b := res.Get(c.Name, pair.Sim), res.Get(c.Name, pair.Real)
				if a == nil || b == nil {
					continue
				}
				ps.Compared++
				k := findKnown(known, c.Name, pair)
				if k != nil {
					used[k.Line] = true
				}
				if Agree(a, b) {
					ps.Agreed++
					continue
				}
				ps.Disagreements = append(ps.Disagreements, Disagreement{Case: c.Name, Known: k})
			}
		}
		s.Pairs = append(s.Pairs, ps)
	}
	// An entry is stale when its case agreed, or when the case is gone
	// from the suite. Entries of cases filtered out by -run say nothing.
	for _, k := range known {
		agreedNow := false
		for _, p := range s.Pairs {
			if p.Real == pairOf(k.Target) && p.Ran && used[k.Line] && !slices.ContainsFunc(p.Disagreements, func(d Disagreement) bool { return d.Case == k.Case }) {
				agreedNow = true
			}
		}
		if agreedNow || (!exists[k.Case] && len(res.Cases) > 0 && !filtered(res)) {
			s.Stale = append(s.Stale, k)
		}
	}
	return s
}

// filtered reports whether the run left cases out (-run), so that an
// absent case does not mean a removed one.
func filtered(res *harness.Results) bool { return res.Filtered }

func findKnown(known []Known, caseName string, pair Pair) *Known {
	for i := range known {
		k := &known[i]
		if k.Case == caseName && pairOf(k.Target) == pair.Real {
			return k
		}
	}
	return nil
}

// WriteMarkdown writes the report: header with versions and date, the
// table of cases by targets, the agreement numbers, and for every
// disagreement the two logs side by side, per context.
func WriteMarkdown(w io.Writer, res *harness.Results, s Summary) error {
	var b strings.Builder
	fmt.Fprintf(&b, "# extsim conformance report\n\n")
	fmt.Fprintf(&b, "Run %s, took %s.\n\n", res.Started.UTC().Format(time.RFC3339), res.Elapsed.Round(time.Second))
	fmt.Fprintf(&b, "| target | version |\n| --- | --- |\n")
	for _, t := range res.Targets {
		fmt.Fprintf(&b, "| %s | %s |\n", t, cell(res.Versions[t]))
	}
	for _, n := range res.NotRun {
		fmt.Fprintf(&b, "| %s | **not run**: %s |\n", n.Target, cell(n.Reason))
	}
	fmt.Fprintf(&b, "\n## Agreement\n\n")
	for _, p := range s.Pairs {
		if !p.Ran {
			fmt.Fprintf(&b, "- %s vs %s: not compared (a target did not run)\n", p.Sim, p.Real)
			continue
		}
		fmt.Fprintf(&b, "- %s vs %s: %d of %d cases agree (%.1f%%); %d disagreements, %d of them in known-differences\n",
			p.Sim, p.Real, p.Agreed, p.Compared, p.Percent(), len(p.Disagreements), len(p.Disagreements)-p.Unexplained())
	}
	if flaky := Flaky(res); len(flaky) > 0 {
		fmt.Fprintf(&b, "\n## Agreed only on a rerun\n\nThese cases disagreed in the real browser's first run and agreed on a rerun (`-retries`); the first run's log is below each. A case listed here run after run needs a steadier design.\n")
		for _, f := range flaky {
			fmt.Fprintf(&b, "\n### %s in %s (%d rerun(s))\n\n", f.Case, f.Target, len(f.Earlier))
			first := f.Earlier[0]
			fmt.Fprintf(&b, "- first run: %s\n", cell(outcomeText(first)))
			for _, ctx := range suite.SortedContexts(first.Log) {
				for i, e := range first.Log[ctx] {
					fmt.Fprintf(&b, "  - %s #%d %s\n", cell(ctx), i+1, cell(e))
				}
			}
		}
	}
	for _, k := range s.Stale {
		fmt.Fprintf(&b, "- stale known-differences entry (line %d): %s %s\n", k.Line, k.Case, k.Target)
	}
	fmt.Fprintf(&b, "\n## Cases\n\n| case | rules |")
	for _, t := range res.Targets {
		fmt.Fprintf(&b, " %s |", t)
	}
	fmt.Fprintf(&b, "\n| --- | --- |%s\n", strings.Repeat(" --- |", len(res.Targets)))
	for _, c := range res.Cases {
		fmt.Fprintf(&b, "| %s | %s |", c.Name, strings.Join(c.Rules, " "))
		for _, t := range res.Targets {
			r := res.Get(c.Name, t)
			if r == nil {
				b.WriteString(" – |")
				continue
			}
			mark := string(r.Outcome)
			if d := disagreement(s, c.Name, t); d != nil {
				if d.Known != nil {
					mark += " (known)"
				} else {
					mark += " **≠**"
				}
			}
			fmt.Fprintf(&b, " %s |", mark)
		}
		b.WriteString("\n")
	}
	for _, p := range s.Pairs {
		for _, d := range p.Disagreements {
			a, r := res.Get(d.Case, p.Sim), res.Get(d.Case, p.Real)
			fmt.Fprintf(&b, "\n## %s: %s vs %s\n\n", d.Case, p.Sim, p.Real)
			if d.Known != nil {
				fmt.Fprintf(&b, "Known difference: %s\n\n", d.Known.Reason)
			}
			fmt.Fprintf(&b, "| | %s | %s |\n| --- | --- | --- |\n", p.Sim, p.Real)
			fmt.Fprintf(&b, "| outcome | %s | %s |\n", cell(outcomeText(a)), cell(outcomeText(r)))
			for _, ctx := range contexts(a, r) {
				la, lr := a.Log[ctx], r.Log[ctx]
				for i := 0; i < max(len(la), len(lr)); i++ {
					mark := ""
					if i >= len(la) || i >= len(lr) || la[i] != lr[i] {
						mark = " ≠"
					}
					fmt.Fprintf(&b, "| %s #%d%s | %s | %s |\n", cell(ctx), i+1, mark, cell(at(la, i)), cell(at(lr, i)))
				}
			}
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// FlakyRun is a case whose real-browser result was replaced by a rerun.
type FlakyRun struct {
	Case, Target string
	Earlier      []*suite.Result // the replaced results, first run first
}

// Flaky lists the reruns, in case order.
func Flaky(res *harness.Results) []FlakyRun {
	var out []FlakyRun
	for _, c := range res.Cases {
		for _, t := range res.Targets {
			if earlier := res.Retried[c.Name][t]; len(earlier) > 0 {
				out = append(out, FlakyRun{Case: c.Name, Target: t, Earlier: earlier})
			}
		}
	}
	return out
}

func disagreement(s Summary, caseName, target string) *Disagreement {
	for _, p := range s.Pairs {
		if p.Sim != target && p.Real != target {
			continue
		}
		for i := range p.Disagreements {
			if p.Disagreements[i].Case == caseName {
				return &p.Disagreements[i]
			}
		}
	}
	return nil
}

func outcomeText(r *suite.Result) string {
	if r.Message == "" {
		return string(r.Outcome)
	}
	return string(r.Outcome) + ": " + r.Message
}

func at(l []string, i int) string {
	if i < len(l) {
		return l[i]
	}
	return "–"
}

// cell makes text safe inside a Markdown table cell.
func cell(s string) string {
	s = strings.ReplaceAll(s, "|", `\|`)
	s = strings.ReplaceAll(s, "\n", "<br>")
	if s == "" {
		return " "
	}
	return "`" + strings.ReplaceAll(s, "`", "'") + "`"
}
