package webext_test

import (
	"testing"

	"github.com/extsim/extsim/browser"
)

// The tests of this file pin what the conformance suite measured in real
// browsers (Chromium 156, Firefox ESR 153) for the messaging cases named in
// each comment.

// E1, FF-21: the opener's port has a sender key whose value is undefined;
// the receiver's port has the MessageSender (conformance case
// port-sender-only-receiver).
func TestE1_FF21_OpenerPortSenderKeyJS(t *testing.T) {
	bg := `chrome.runtime.onConnect.addListener(function (port) { console.log("receiver", typeof port.sender); });`
	cs := `var p = chrome.runtime.connect({name: "s"});
	  console.log("opener", "sender" in p, Object.keys(p).indexOf("sender") >= 0, typeof p.sender);`
	want := []string{"cs: opener true true undefined", "bg: receiver object"}
	check(t, bg, cs, profCase{"chrome", browser.Chrome, want}, profCase{"firefox", browser.Firefox, want})
}

// G8 vs FF-43: a message nobody answers calls the callback with no argument
// (and S6 in lastError) in Chrome, with one, undefined, in Firefox
// (conformance case ext-no-answer).
func TestG8_FF43_NoAnswerCallbackArgumentsJS(t *testing.T) {
	bg := `chrome.runtime.onMessage.addListener(function () {});`
	cs := `chrome.runtime.sendMessage("q", function () {
	    var le = chrome.runtime.lastError;
	    console.log("callback", arguments.length, le ? le.message : "no lastError");
	  });`
	check(t, bg, cs,
		profCase{"chrome", browser.Chrome, []string{"cs: callback 0 The message port closed before a response was received."}},
		profCase{"firefox", browser.Firefox, []string{"cs: callback 1 no lastError"}},
	)
}

// G14 vs FF-46: a listener's promise rejecting with a plain object that has
// a string message: Firefox passes that message on, Chrome gives its generic
// text (conformance case om-promise-rejects-non-error). A throw takes the
// same path in Firefox (FF-46: its listener's throw becomes a rejection).
func TestG14_FF46_RejectWithMessageObjectJS(t *testing.T) {
	const s14 = "A runtime.onMessage listener's promise rejected without an Error"
	bg := `chrome.runtime.onMessage.addListener(function (m) {
	    if (m === "throw") throw {message: "thrown object"};
	    if (m === "number") return Promise.reject({message: 7});
	    return Promise.reject({message: "looks like an error"});
	  });`
	cs := `var api = typeof browser !== "undefined" ? browser : chrome;
	  api.runtime.sendMessage("reject").then(null, function (e) { console.log("reject:", e.message); })
	    .then(function () { return api.runtime.sendMessage("number"); }).then(null, function (e) { console.log("number:", e.message); })
	    .then(function () { return api.runtime.sendMessage("throw"); }).then(null, function (e) { console.log("throw:", e.message); });`
	check(t, bg, cs,
		profCase{"chrome", browser.Chrome, []string{"cs: reject: " + s14, "cs: number: " + s14,
			"bg: Error in event handler: [object Object]", "cs: throw: " + s14}},
		profCase{"firefox", browser.Firefox, []string{"cs: reject: looks like an error", "cs: number: An unexpected error occurred", "cs: throw: thrown object"}},
	)
}

// G13 vs FF-36: sendResponse with a value its browser cannot send. Chrome
// throws a TypeError in the listener and fails the message with S4; Firefox
// does not throw, and its only receiver then counts as none: S1
// (conformance case ser-response-unserializable).
func TestG13_FF36_UnserializableResponseJS(t *testing.T) {
	bg := `chrome.runtime.onMessage.addListener(function (m, s, respond) {
	    try { respond(function () {}); console.log("did not throw"); }
	    catch (e) { console.log("threw", e.constructor.name, e.name, e.message); }
	  });`
	cs := `var api = typeof browser !== "undefined" ? browser : chrome;
	  api.runtime.sendMessage("q").then(function (v) { console.log("resolved", v); }, function (e) { console.log("rejected", e.message); });`
	check(t, bg, cs,
		profCase{"chrome", browser.Chrome, []string{"bg: threw TypeError TypeError Could not serialize message.", "cs: rejected Could not serialize message."}},
		profCase{"firefox", browser.Firefox, []string{"bg: did not throw", "cs: rejected " + s1}},
	)
}

// E10 vs FF-35: what port.postMessage throws for values that cannot be
// sent. Chrome: a plain Error with S4 (its JSON drops nested functions and
// symbols). Firefox: a DOMException named DataCloneError with the clone's
// text, and for a Symbol as the whole message an InvalidStateError
// (conformance cases ser-port-functions, ser-port-tojson,
// ser-port-symbols).
func TestE10_FF35_PostMessageCloneErrorsJS(t *testing.T) {
	bg := `chrome.runtime.onConnect.addListener(function (port) {
	    port.onMessage.addListener(function (m) { console.log("got", JSON.stringify(m)); });
	  });`
	cs := `var p = chrome.runtime.connect({name: "v"});
	  [["function", function f() {}], ["in object", {f: function () {}, a: 1}], ["toJSON", {a: 1, toJSON: function () { return "j"; }}],
	   ["symbol", Symbol("s")], ["symbol value", {a: Symbol("v")}]].forEach(function (e) {
	    try { p.postMessage(e[1]); console.log(e[0], "posted"); }
	    catch (x) { console.log(e[0], "threw", x.name, x instanceof DOMException, x.message); }
	  });`
	check(t, bg, cs,
		profCase{"chrome", browser.Chrome, []string{
			"cs: function threw Error false Could not serialize message.",
			"cs: in object posted",
			"cs: toJSON posted",
			"cs: symbol threw Error false Could not serialize message.",
			"cs: symbol value posted",
			`bg: got {"a":1}`, `bg: got "j"`, "bg: got {}",
		}},
		profCase{"firefox", browser.Firefox, []string{
			"cs: function threw DataCloneError true Function object could not be cloned.",
			"cs: in object threw DataCloneError true Function object could not be cloned.",
			"cs: toJSON threw DataCloneError true Function object could not be cloned.",
			"cs: symbol threw InvalidStateError true An exception was thrown",
			"cs: symbol value threw DataCloneError true unsupported type for structured data",
		}},
	)
}
