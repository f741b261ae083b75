package traceview

import (
	"bytes"
	"context"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestRenderedDiagramInChromium loads a rendered page in headless Chromium,
// takes a screenshot and checks that lanes and arrows were painted in their
// colors. It skips where no Chromium is installed.
func TestRenderedDiagramInChromium(t *testing.T) {
	var bin string
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			bin = p
			break
		}
	}
	if bin == "" {
		t.Skip("chromium not installed: the diagram was not checked in a real browser")
	}
	dir := t.TempDir()
	page := filepath.Join(dir, "trace.html")
	shot := filepath.Join(dir, "shot.png")
	var b bytes.Buffer
	if err := Render(&b, synthetic(), "browser check"); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(page, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir="+filepath.Join(dir, "profile"), "--window-size=1200,800",
		"--screenshot="+shot, "file://"+page)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s: %v\n%s", bin, err, out)
	}
	f, err := os.Open(shot)
	if err != nil {
		t.Fatalf("no screenshot: %v", err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("decoding the screenshot: %v", err)
	}
	lane, arrow := hexRGB(t, LaneColor), hexRGB(t, ArrowColor)
	var nLane, nArrow int
	bounds := img.Bounds()
	for y := bounds.Min.Y; y < bounds.Max.Y; y++ {
		for x := bounds.Min.X; x < bounds.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			c := [3]int{int(r >> 8), int(g >> 8), int(bl >> 8)}
			if near(c, lane) {
				nLane++
			}
			if near(c, arrow) {
				nArrow++
			}
		}
	}
	t.Logf("%dx%d screenshot: %d lane-colored and %d arrow-colored pixels", bounds.Dx(), bounds.Dy(), nLane, nArrow)
	// Three lane headers (~200x36 each) and lane lines: thousands of pixels.
	// Six arrows of which five are red, ~200 px long and 2 px wide: hundreds.
	if nLane < 5000 {
		t.Errorf("only %d lane-colored pixels: the lanes were not drawn", nLane)
	}
	if nArrow < 500 {
		t.Errorf("only %d arrow-colored pixels: the arrows were not drawn", nArrow)
	}

	// Clicking the first post fills the details panel with its payload,
	// as text: the DOM Chromium dumps holds it escaped, not as elements.
	click := bytes.Replace(b.Bytes(), []byte("</body>"),
		[]byte(`<script>document.querySelector("g.msg.post").dispatchEvent(new MouseEvent("click", {bubbles: true}));</script></body>`), 1)
	clickPage := filepath.Join(dir, "click.html")
	if err := os.WriteFile(clickPage, click, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd = exec.CommandContext(ctx, bin, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir="+filepath.Join(dir, "profile"), "--dump-dom", "file://"+clickPage)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s --dump-dom: %v\n%s", bin, err, stderr.Bytes())
	}
	dom := stdout.String()
	for _, want := range []string{
		`<pre id="payload">{
  "evil": "&lt;/script&gt;&lt;b&gt;bold&lt;/b&gt;&amp;amp;"
}</pre>`,
		"<dt>channel</dt><dd>1</dd>",
		"<dt>size (bytes)</dt><dd>30</dd>",
		"<dt>time</dt><dd>1ms</dd>",
	} {
		if !strings.Contains(dom, want) {
			t.Errorf("after a click the panel lacks %q; DOM:\n%s", want, dom)
		}
	}
	if strings.Contains(dom, "<b>bold") {
		t.Error("the payload's markup became elements")
	}
}

func hexRGB(t *testing.T, s string) [3]int {
	t.Helper()
	v, err := strconv.ParseUint(s[1:], 16, 32)
	if err != nil || len(s) != 7 {
		t.Fatalf("bad color %q", s)
	}
	return [3]int{int(v >> 16 & 0xff), int(v >> 8 & 0xff), int(v & 0xff)}
}

// near reports whether two colors differ by at most 12 in every channel.
func near(a, b [3]int) bool {
	for i := range a {
		if d := a[i] - b[i]; d > 12 || d < -12 {
			return false
		}
	}
	return true
}
