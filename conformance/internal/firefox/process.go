package firefox

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"time"
)

// browserProcess is one running Firefox in its own process group, with its
// profile folder and the tail of its stderr for error messages.
type browserProcess struct {
	cmd     *exec.Cmd
	profile string
	tail    *lineTail
	exited  chan struct{} // closed once the browser process has exited
	exitErr error         // what Wait returned; read after exited is closed
}

// startProcess starts the browser on a fresh profile with prefs and returns
// it with the WebDriver BiDi address it printed. On any failure nothing is
// left running and the profile is removed.
func startProcess(ctx context.Context, binary string, prefs map[string]any, copyStderr io.Writer) (*browserProcess, string, error) {
	profile, err := os.MkdirTemp("", "extsim-firefox-profile-")
	if err != nil {
		return nil, "", fmt.Errorf("firefox: creating the profile folder: %w", err)
	}
	if err := writeUserJS(profile, prefs); err != nil {
		os.RemoveAll(profile)
		return nil, "", err
	}
	r, w, err := os.Pipe()
	if err != nil {
		os.RemoveAll(profile)
		return nil, "", fmt.Errorf("firefox: stderr pipe: %w", err)
	}
	cmd := exec.Command(binary, "--headless", "--remote-debugging-port=0", "--profile", profile, "--no-remote")
	// Its own process group, so that Close ends the content processes and
	// helpers with it.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Env = append(os.Environ(), "MOZ_CRASHREPORTER_DISABLE=1")
	cmd.Stderr = w
	if err := cmd.Start(); err != nil {
		r.Close()
		w.Close()
		os.RemoveAll(profile)
		return nil, "", fmt.Errorf("firefox: starting %s: %w", binary, err)
	}
	w.Close()
	p := &browserProcess{cmd: cmd, profile: profile, tail: newLineTail(30), exited: make(chan struct{})}
	go func() {
		p.exitErr = cmd.Wait()
		close(p.exited)
	}()
	addr := make(chan string, 1)
	go p.readStderr(r, addr, copyStderr)

	select {
	case a := <-addr:
		return p, a, nil
	case <-p.exited:
		p.removeProfile()
		return nil, "", fmt.Errorf("firefox: exited before WebDriver BiDi listened (%v)%s", p.exitErr, p.tail.describe())
	case <-ctx.Done():
		p.kill()
		return nil, "", fmt.Errorf("firefox: no %q line on stderr: %w%s", bidiBanner, ctx.Err(), p.tail.describe())
	}
}

// readStderr keeps the last lines of stderr and sends the BiDi address once.
// It reads until every process of the group has closed the pipe.
func (p *browserProcess) readStderr(r *os.File, addr chan<- string, copyTo io.Writer) {
	defer r.Close()
	br := bufio.NewReader(r)
	found := false
	for {
		line, err := br.ReadString('\n')
		if line != "" {
			p.tail.add(strings.TrimRight(line, "\n"))
			if copyTo != nil {
				io.WriteString(copyTo, line)
			}
			if a, ok := parseBiDiAddress(line); ok && !found {
				found = true
				addr <- a
			}
		}
		if err != nil {
			return
		}
	}
}

// kill ends the whole process group, waits for the browser to exit and
// removes the profile.
func (p *browserProcess) kill() error {
	if err := syscall.Kill(-p.cmd.Process.Pid, syscall.SIGKILL); err != nil && !errors.Is(err, syscall.ESRCH) {
		return fmt.Errorf("firefox: killing process group %d: %w", p.cmd.Process.Pid, err)
	}
	<-p.exited
	return p.removeProfile()
}

// removeProfile deletes the profile folder. A content process killed with
// the group may still be writing for a moment, so one failure is retried.
func (p *browserProcess) removeProfile() error {
	err := os.RemoveAll(p.profile)
	if err != nil {
		time.Sleep(100 * time.Millisecond) // real processes, not the simulation: give the kernel a moment
		err = os.RemoveAll(p.profile)
	}
	if err != nil {
		return fmt.Errorf("firefox: removing the profile: %w", err)
	}
	return nil
}

// lineTail keeps the last n lines written to it.
type lineTail struct {
	mu    sync.Mutex
	n     int
	lines []string
}

func newLineTail(n int) *lineTail { return &lineTail{n: n} }

func (t *lineTail) add(line string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.lines = append(t.lines, line)
	if len(t.lines) > t.n {
		t.lines = t.lines[len(t.lines)-t.n:]
	}
}

// describe is the tail formatted to end an error message, or "".
func (t *lineTail) describe() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	if len(t.lines) == 0 {
		return ""
	}
	return "; last lines of its stderr:\n\t" + strings.Join(t.lines, "\n\t")
}
