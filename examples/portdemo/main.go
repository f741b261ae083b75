// Command portdemo runs the conversation of MDN's runtime.connect() example
// (shared/seeds) through extsim's router with Go stand-ins for the content
// script and the background script, and prints what each side observes and
// the trace, under the chrome or firefox profile.
//
//	go run ./examples/portdemo -profile firefox
//
// It exists until `extsim run` can load the example as a real extension
// (issue 5); it exercises the same router those commands will use.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/extsim/extsim/router"
	"github.com/extsim/extsim/router/serial"
	"github.com/extsim/extsim/sim"
	"github.com/extsim/extsim/trace"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("portdemo", flag.ContinueOnError)
	fs.SetOutput(stderr)
	profile := fs.String("profile", "chrome", "browser profile: chrome or firefox")
	showTrace := fs.Bool("trace", false, "also print the trace as JSON lines")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	prof, err := router.ProfileByName(*profile)
	if err != nil {
		fmt.Fprintln(stderr, "portdemo:", err)
		return 2
	}
	if err := demo(prof, *showTrace, stdout); err != nil {
		fmt.Fprintln(stderr, "portdemo:", err)
		return 1
	}
	return 0
}

type world struct{}

func (world) Extension(id string) (router.ExtensionInfo, bool) {
	return router.ExtensionInfo{}, id == extID
}
func (world) Tab(id int) (*serial.Object, bool) {
	return &serial.Object{Props: []serial.Prop{{Key: "id", Value: serial.Number(id)}, {Key: "url", Value: serial.String("https://example.com/")}}}, id == 1
}
func (world) WakeExtension(string) {}

var extID = strings.Repeat("a", 32)

// script is a Go stand-in for one of the example's scripts.
type script struct {
	name      string
	out       io.Writer
	onConnect func(p *router.Port)
	port      *router.Port
}

func (s *script) say(format string, args ...any) {
	fmt.Fprintf(s.out, "[%s] %s\n", s.name, fmt.Sprintf(format, args...))
}

func (s *script) DispatchConnect(p *router.Port) bool {
	if s.onConnect == nil {
		return false
	}
	s.onConnect(p)
	return true
}

func (s *script) DispatchMessage(p *router.Port, m serial.Message) {
	s.say("received: %s", serial.EncodeJSON(mustJSON(m)))
}

func (s *script) DispatchDisconnect(p *router.Port, err *router.Error) {
	if err != nil {
		s.say("port disconnected: %s", err.Message)
		return
	}
	s.say("port disconnected")
}

func (s *script) DispatchRequest(*router.Request) router.Disposition { return router.NoListener }
func (s *script) DispatchOutcome(*router.Call, router.Outcome)       {}

func mustJSON(m serial.Message) serial.Value {
	j, err := serial.Serialize(serial.JSON, m.Value, 0)
	if err != nil {
		return serial.String(fmt.Sprintf("<%v>", err))
	}
	return j.Value
}

func greeting(text string) serial.Value {
	return &serial.Object{Props: []serial.Prop{{Key: "greeting", Value: serial.String(text)}}}
}

func demo(prof *router.Profile, showTrace bool, out io.Writer) error {
	s := sim.New(sim.Options{})
	log := &trace.Log{}
	r := router.New(s, router.Options{Profile: prof, World: world{}, Trace: log, TracePayloads: true})

	bg := &script{name: "background", out: out}
	cs := &script{name: "tab 1 frame 0 content", out: out}
	// background-script.js: remember the port, greet, log what arrives.
	bg.onConnect = func(p *router.Port) {
		bg.port = p
		bg.say("onConnect: port %q from %s", p.Name(), p.Sender().String("url"))
		if err := p.Post(greeting("hi there content script!")); err != nil {
			bg.say("postMessage failed: %v", err)
		}
	}
	r.Register(router.Identity{Extension: extID, Kind: router.KindBackgroundPage,
		URL: "chrome-extension://" + extID + "/background.html", Origin: "chrome-extension://" + extID, Document: "bg"}, bg, s.Queue(bg.name))
	csID := r.Register(router.Identity{Extension: extID, Kind: router.KindContentScript, Tab: 1, Frame: 0,
		URL: "https://example.com/", Origin: "https://example.com", Document: "page"}, cs, s.Queue(cs.name))

	// content-script.js: connect and greet.
	p, err := r.Connect(csID, router.ExtensionTarget(""), "port-from-cs")
	if err != nil {
		return err
	}
	if err := p.Post(greeting("hello from content script")); err != nil {
		return err
	}
	if err := s.RunUntilIdle(); err != nil {
		return err
	}
	// The user clicks the page, then the browser action.
	if err := p.Post(greeting("they clicked the page!")); err != nil {
		return err
	}
	if err := bg.port.Post(greeting("they clicked the button!")); err != nil {
		return err
	}
	if err := s.RunUntilIdle(); err != nil {
		return err
	}
	// The tab closes: the background's port is disconnected.
	r.Close(csID, router.ReasonTabClosed)
	if err := s.RunUntilIdle(); err != nil {
		return err
	}
	if showTrace {
		fmt.Fprintln(out, "--- trace ---")
		return log.WriteJSONL(out)
	}
	return nil
}
