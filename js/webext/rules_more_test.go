package webext_test

import (
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/extsim/extsim/browser"
)

// E2, E3 / FF-23, FF-24: all onConnect listeners of a context get the same
// Port; onMessage listeners get (message, port) and onDisconnect listeners
// (port), that same object.
func TestE2_E3_FF23_FF24_PortListenerArgumentsJS(t *testing.T) {
	bg := `
	  var first;
	  chrome.runtime.onConnect.addListener(function (p) { first = p; });
	  chrome.runtime.onConnect.addListener(function (p) {
	    console.log("same port", p === first, arguments.length);
	    p.onMessage.addListener(function (m, port) { console.log("message", m, port === p, arguments.length); });
	    p.onDisconnect.addListener(function (port) { console.log("disconnect", port === p, arguments.length); });
	  });`
	cs := `var p = chrome.runtime.connect({name: "x"}); p.postMessage("hi"); setTimeout(function () { p.disconnect(); }, 10);`
	want := []string{"bg: same port true 1", "bg: message hi true 2", "bg: disconnect true 1"}
	check(t, bg, cs, profCase{"chrome", browser.Chrome, want}, profCase{"firefox", browser.Firefox, want})
}

// G1 / FF-41: sendMessage(string, object) is (extensionId, message) in
// Chrome, so it goes to that (absent) extension; in Firefox an empty object
// second argument makes the string the message, to the own extension.
func TestG1_FF41_SendMessageArgumentMassagingJS(t *testing.T) {
	bg := `chrome.runtime.onMessage.addListener(function (m) { console.log("got", JSON.stringify(m)); });`
	cs := `chrome.runtime.sendMessage("abcdefghijklmnopabcdefghijklmnop", {}, function (r) {
	  console.log("answer", chrome.runtime.lastError ? chrome.runtime.lastError.message : "none", r);
	});`
	check(t, bg, cs,
		profCase{"chrome", browser.Chrome, []string{"cs: answer " + s1 + " undefined"}},
		profCase{"firefox", browser.Firefox, []string{`bg: got "abcdefghijklmnopabcdefghijklmnop"`, "cs: answer none undefined"}},
	)
}

// G2: runtime.sendMessage's options take includeTlsChannelId only;
// tabs.sendMessage's options do not take it (K1). Firefox rejects any
// non-empty options of runtime.sendMessage (FF-41, FF-86).
func TestG2_FF86_SendMessageOptionsJS(t *testing.T) {
	bg := `
	  try { chrome.tabs.sendMessage(1, "m", {includeTlsChannelId: true}); } catch (e) { console.log(e.message); }
	  var r = browser.runtime.sendMessage(chrome.runtime.id, "m", {includeTlsChannelId: true});
	  r.then(function () { console.log("sent"); }, function (e) { console.log("rejected:", e.message); });`
	check(t, bg, ``,
		profCase{"chrome", browser.Chrome, []string{
			"bg: Error in invocation of tabs.sendMessage(integer tabId, any message, optional object options, optional function callback): Error at parameter 'options': Unexpected property: 'includeTlsChannelId'.",
			"bg: rejected: " + s1,
		}},
		profCase{"firefox", browser.Firefox, []string{
			`bg: Type error for parameter options (Unexpected property "includeTlsChannelId") for tabs.sendMessage.`,
			"bg: rejected: runtime.sendMessage's options argument is invalid",
		}},
	)
}

// G3 / differences table row 29: with a callback sendMessage returns
// undefined; without one, chrome.* returns a Promise in MV3, in both
// browsers (MV2 in TestG3_FF49_ReturnShapeJS).
func TestG3_SendMessageReturnValueJS(t *testing.T) {
	bg := `
	  var withCb = chrome.runtime.sendMessage("x", function () { chrome.runtime.lastError; });
	  var without = chrome.runtime.sendMessage("x");
	  if (without) without.catch(function () {});
	  console.log(typeof withCb, without instanceof Promise);`
	check(t, bg, ``,
		profCase{"chrome", browser.Chrome, []string{"bg: undefined true"}},
		profCase{"firefox", browser.Firefox, []string{"bg: undefined true"}},
	)
}

// G12: sendResponse() sends undefined, which JSON makes null in Chrome;
// Firefox's structured clone keeps undefined.
func TestG12_SendResponseWithoutArgumentJS(t *testing.T) {
	bg := `chrome.runtime.onMessage.addListener(function (m, s, sendResponse) { sendResponse(); });`
	cs := `chrome.runtime.sendMessage("q", function (r) { console.log("response", r === null ? "null" : typeof r); });`
	check(t, bg, cs,
		profCase{"chrome", browser.Chrome, []string{"cs: response null"}},
		profCase{"firefox", browser.Firefox, []string{"cs: response undefined"}},
	)
}

// G17 / FF-42b: a synchronous listener registered before an asynchronous
// one (return true) does not prevent the asynchronous answer.
func TestG17_FF42_SyncListenerBeforeAsyncJS(t *testing.T) {
	bg := `
	  chrome.runtime.onMessage.addListener(function () { console.log("sync listener"); });
	  chrome.runtime.onMessage.addListener(function (m, s, sendResponse) {
	    setTimeout(function () { sendResponse("late"); }, 50);
	    return true;
	  });`
	cs := `chrome.runtime.sendMessage("q", function (r) { console.log("answer", r, chrome.runtime.lastError); });`
	check(t, bg, cs, profCase{"chrome", browser.Chrome, []string{"bg: sync listener", "cs: answer late undefined"}},
		profCase{"firefox", browser.Firefox, []string{"bg: sync listener", "cs: answer late null"}}) // FF-49: lastError null
}

// G19: many concurrent sendMessage calls, answered asynchronously in the
// reverse order, each get their own answer.
func TestG19_ConcurrentSendMessagesJS(t *testing.T) {
	bg := `
	  var pending = [];
	  chrome.runtime.onMessage.addListener(function (m, s, sendResponse) {
	    pending.push(function () { sendResponse(m * 10); });
	    if (pending.length === 5) setTimeout(function () { while (pending.length) pending.pop()(); }, 10);
	    return true;
	  });`
	cs := `for (var i = 0; i < 5; i++) (function (i) {
	  chrome.runtime.sendMessage(i, function (r) { console.log("call", i, "got", r); });
	})(i);`
	want := []string{"cs: call 4 got 40", "cs: call 3 got 30", "cs: call 2 got 20", "cs: call 1 got 10", "cs: call 0 got 0"}
	check(t, bg, cs, profCase{"chrome", browser.Chrome, want}, profCase{"firefox", browser.Firefox, want})
}

// H4 / FF-71: closing the tab disconnects the background's port with no
// error (no lastError; port.error null).
func TestH4_FF71_TabCloseDisconnectsJS(t *testing.T) {
	bg := `chrome.runtime.onConnect.addListener(function (p) {
	  p.onDisconnect.addListener(function () {
	    console.log("disconnected", p.name, "lastError:", chrome.runtime.lastError, "error:", p.error);
	  });
	});`
	cs := `if (document.URL.indexOf("inner") < 0) chrome.runtime.connect({name: "top"});`
	for _, c := range []struct {
		prof func() *browser.Profile
		want string
	}{
		{browser.Chrome, "bg: disconnected top lastError: undefined error: undefined"},
		{browser.Firefox, "bg: disconnected top lastError: null error: null"},
	} {
		e, _, tab := faultEnv(t, c.prof(), bg, cs)
		tab.Close()
		e.run(time.Second)
		expectLines(t, e.short(), c.want)
	}
}

// H6 / FF-75: after the extension is disabled its content scripts are
// invalidated: messaging calls throw S3 (Chrome). Firefox unloads the
// extension's contexts; a content script's later call fails too.
func TestH6_DisabledExtensionInvalidatesContentScriptsJS(t *testing.T) {
	cs := `if (document.URL.indexOf("inner") < 0) setTimeout(function () {
	  try { chrome.runtime.sendMessage("late"); console.log("sent"); } catch (e) { console.log("threw", e.message); }
	  try { chrome.runtime.connect(); console.log("connected"); } catch (e) { console.log("threw", e.message); }
	}, 5000);`
	for _, prof := range profilePair {
		e, x, _ := faultEnv(t, prof(), ``, cs)
		x.Disable()
		e.run(10 * time.Second)
		expectLines(t, e.short(), "top: threw Extension context invalidated.", "top: threw Extension context invalidated.")
	}
}

// B2 / S10: a web page must name the extension; connect() and
// sendMessage without an id throw (Chrome; Firefox pages have no
// runtime messaging, FF-4).
func TestB2_S10_WebPageMustNameTheExtensionJS(t *testing.T) {
	e := newEnv(t, browser.Chrome(), browser.MapWeb{
		"https://site.example/": `<script>
		  try { chrome.runtime.connect(); } catch (e) { console.log(e.message); }
		  try { chrome.runtime.connect({name: "n"}); } catch (e) { console.log(e.message); }
		</script>`,
	})
	if _, err := e.b.LoadExtension(fstest.MapFS{
		"manifest.json": {Data: []byte(`{"manifest_version": 3, "name": "ec", "version": "1",
		  "background": {"service_worker": "bg.js"}, "externally_connectable": {"matches": ["https://site.example/*"]}}`)},
		"bg.js": {Data: []byte(``)},
	}, browser.LoadOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.b.NewTab("https://site.example/", browser.TabOptions{}); err != nil {
		t.Fatal(err)
	}
	e.run(time.Second)
	s10 := "chrome.runtime.connect() called from a webpage must specify an Extension ID (string) for its first argument."
	got := strings.Join(e.out, "\n")
	want := "[tab 1 frame 0 page] " + s10 + "\n[tab 1 frame 0 page] " + s10
	if got != want {
		t.Fatalf("got\n%s\nwant\n%s", got, want)
	}
}

// G16: onMessageExternal follows the onMessage rules: a listener that
// neither answers nor returns true/a Promise closes the channel (Chrome:
// S6 in the callback; Firefox: undefined, no error), and a returned
// Promise answers.
func TestG16_OnMessageExternalAnswersJS(t *testing.T) {
	const other = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
	receiver := `chrome.runtime.onMessageExternal.addListener(function (m) {
	  if (m === "promise") return Promise.resolve("from a promise");
	});`
	sender := `setTimeout(function () {
	  chrome.runtime.sendMessage("` + other + `", "silent", function (r) {
	    console.log("silent:", r, chrome.runtime.lastError ? chrome.runtime.lastError.message : "no error");
	    chrome.runtime.sendMessage("` + other + `", "promise", function (r) { console.log("promise:", r); });
	  });
	}, 10);`
	for _, c := range []struct {
		prof   func() *browser.Profile
		silent string
	}{
		{browser.Chrome, "silent: undefined The message port closed before a response was received."},
		{browser.Firefox, "silent: undefined no error"},
	} {
		e := newEnv(t, c.prof(), nil)
		for _, x := range []struct{ id, name, bg string }{{other, "receiver", receiver}, {"", "sender", sender}} {
			if _, err := e.b.LoadExtension(fstest.MapFS{
				"manifest.json": {Data: []byte(`{"manifest_version": 3, "name": "` + x.name + `", "version": "1",
				  "background": {"service_worker": "bg.js", "scripts": ["bg.js"]}}`)},
				"bg.js": {Data: []byte(x.bg)},
			}, browser.LoadOptions{ID: x.id}); err != nil {
				t.Fatal(err)
			}
		}
		e.run(time.Second)
		var got []string
		for _, l := range e.out {
			got = append(got, l[strings.Index(l, "] ")+2:])
		}
		wantLines(t, c.prof().Name, got, c.silent, "promise: from a promise")
	}
}
