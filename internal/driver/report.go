package driver

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
)

// Reporters returns the output formats of extsim test.
func Reporters() []string { return []string{"list", "dot", "tap", "junit", "json"} }

// Counts sums results.
type Counts struct{ Passed, Failed, Skipped int }

// Count counts results by status.
func Count(rs []Result) Counts {
	var c Counts
	for _, r := range rs {
		switch r.Status {
		case Passed:
			c.Passed++
		case Failed:
			c.Failed++
		case Skipped:
			c.Skipped++
		}
	}
	return c
}

// Summary is the closing line CI reads: "N passed, N failed" and ", N
// skipped" when any were.
func (c Counts) Summary() string {
	s := fmt.Sprintf("%d passed, %d failed", c.Passed, c.Failed)
	if c.Skipped > 0 {
		s += fmt.Sprintf(", %d skipped", c.Skipped)
	}
	return s
}

// Title is "file › describe › name (profile)", the way a test is named in
// reports; a self-test is "folder (profile)".
func (r Result) Title() string {
	parts := append([]string{r.Case.File.Path}, r.Case.Titles...)
	s := strings.Join(parts, " › ") + " (" + r.Profile + ")"
	if r.Seeded {
		s += fmt.Sprintf(" [seed %d]", r.Seed)
	}
	return s
}

// Report writes results in the named format. list, dot and tap end with
// the summary line; junit and json are documents, so the caller prints the
// summary elsewhere (stderr).
func Report(w io.Writer, format string, rs []Result) error {
	switch format {
	case "list":
		for _, r := range rs {
			mark := map[Status]string{Passed: "✓", Failed: "✘", Skipped: "-"}[r.Status]
			fmt.Fprintf(w, "  %s %s\n", mark, r.Title())
			if r.Status == Passed && r.Message != "" {
				fmt.Fprintf(w, "      %s\n", r.Message)
			}
			if r.Status == Failed {
				writeFailure(w, r, "      ")
			}
			for _, l := range r.Output {
				fmt.Fprintf(w, "      %s\n", strings.ReplaceAll(l, "\n", "\n        "))
			}
		}
		fmt.Fprintln(w, Count(rs).Summary())
	case "dot":
		for _, r := range rs {
			fmt.Fprint(w, map[Status]string{Passed: ".", Failed: "F", Skipped: "s"}[r.Status])
		}
		fmt.Fprintln(w)
		for _, r := range rs {
			if r.Status == Failed {
				fmt.Fprintf(w, "\n  ✘ %s\n", r.Title())
				writeFailure(w, r, "      ")
			}
		}
		fmt.Fprintln(w, Count(rs).Summary())
	case "tap":
		fmt.Fprintf(w, "TAP version 13\n1..%d\n", len(rs))
		for i, r := range rs {
			switch r.Status {
			case Passed:
				fmt.Fprintf(w, "ok %d - %s\n", i+1, r.Title())
			case Skipped:
				fmt.Fprintf(w, "ok %d - %s # SKIP\n", i+1, r.Title())
			default:
				fmt.Fprintf(w, "not ok %d - %s\n  ---\n", i+1, r.Title())
				writeFailure(w, r, "  # ")
				fmt.Fprintf(w, "  ...\n")
			}
		}
		fmt.Fprintln(w, Count(rs).Summary())
	case "junit":
		return writeJUnit(w, rs)
	case "json":
		return writeJSON(w, rs)
	default:
		return fmt.Errorf("unknown reporter %q (want one of %s)", format, strings.Join(Reporters(), ", "))
	}
	return nil
}

// writeFailure prints the message, the failing source line and the trace
// tail, each line prefixed.
func writeFailure(w io.Writer, r Result, prefix string) {
	for _, l := range strings.Split(r.Message, "\n") {
		fmt.Fprintf(w, "%s%s\n", prefix, l)
	}
	if r.Location != "" {
		fmt.Fprintf(w, "%s\n%sat %s\n%s> %s\n", prefix, prefix, r.Location, prefix, r.Source)
	}
	if r.FailedSeed != nil {
		fmt.Fprintf(w, "%sfailed with seed %d: replay with --seed %d\n", prefix, *r.FailedSeed, *r.FailedSeed)
	}
	if len(r.Trace) > 0 {
		fmt.Fprintf(w, "%s\n%slast trace events:\n", prefix, prefix)
		for _, l := range r.Trace {
			fmt.Fprintf(w, "%s  %s\n", prefix, l)
		}
	}
}

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Skipped  int          `xml:"skipped,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Skipped  int         `xml:"skipped,attr"`
	Cases    []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	Time      string        `xml:"time,attr"`
	Failure   *junitFailure `xml:"failure,omitempty"`
	Skipped   *struct{}     `xml:"skipped,omitempty"`
}

type junitFailure struct {
	Message string `xml:"message,attr"`
	Text    string `xml:",chardata"`
}

func writeJUnit(w io.Writer, rs []Result) error {
	c := Count(rs)
	doc := junitSuites{Tests: len(rs), Failures: c.Failed, Skipped: c.Skipped}
	index := map[string]int{}
	for _, r := range rs {
		file := r.Case.File.Path
		i, ok := index[file]
		if !ok {
			i = len(doc.Suites)
			index[file] = i
			doc.Suites = append(doc.Suites, junitSuite{Name: file})
		}
		s := &doc.Suites[i]
		name := strings.Join(r.Case.Titles, " › ")
		if name == "" {
			name = "self-test"
		}
		jc := junitCase{Name: name + " (" + r.Profile + ")", Classname: file, Time: fmt.Sprintf("%.3f", r.Elapsed.Seconds())}
		s.Tests++
		switch r.Status {
		case Failed:
			s.Failures++
			var b strings.Builder
			writeFailure(&b, r, "")
			jc.Failure = &junitFailure{Message: firstLine(r.Message), Text: b.String()}
		case Skipped:
			s.Skipped++
			jc.Skipped = &struct{}{}
		}
		s.Cases = append(s.Cases, jc)
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

type jsonResult struct {
	File       string   `json:"file"`
	Titles     []string `json:"titles"`
	Profile    string   `json:"profile"`
	Seed       *uint64  `json:"seed,omitempty"`
	Status     Status   `json:"status"`
	Message    string   `json:"message,omitempty"`
	Location   string   `json:"location,omitempty"`
	Source     string   `json:"source,omitempty"`
	Trace      []string `json:"trace,omitempty"`
	FailedSeed *uint64  `json:"failedSeed,omitempty"`
	VirtualMS  float64  `json:"virtualMs"`
}

func writeJSON(w io.Writer, rs []Result) error {
	out := struct {
		Tests   []jsonResult `json:"tests"`
		Passed  int          `json:"passed"`
		Failed  int          `json:"failed"`
		Skipped int          `json:"skipped"`
	}{Tests: []jsonResult{}}
	c := Count(rs)
	out.Passed, out.Failed, out.Skipped = c.Passed, c.Failed, c.Skipped
	for _, r := range rs {
		j := jsonResult{File: r.Case.File.Path, Titles: r.Case.Titles, Profile: r.Profile, Status: r.Status, Message: r.Message,
			Location: r.Location, Source: r.Source, Trace: r.Trace, FailedSeed: r.FailedSeed, VirtualMS: float64(r.Elapsed.Microseconds()) / 1000}
		if j.Titles == nil {
			j.Titles = []string{}
		}
		if r.Seeded {
			s := r.Seed
			j.Seed = &s
		}
		out.Tests = append(out.Tests, j)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
