package webext_test

import (
	"testing"

	"github.com/extsim/extsim/browser"
)

// K2, K3, FF-84, FF-85: the table's per-parameter checks, in both
// grammars: a minimum on tabId, the properties of an options object (type,
// minimum, unexpected), optional parameters skipped by type (tabs.update
// without a tabId) or filled by null, and a missing required argument.
// (Firefox's text for a choice of types, "Expected string or array", is
// extsim's reading of Schemas.sys.mjs ChoiceType, UNCONFIRMED.)
func TestK3_FF85_ParameterDetailsJS(t *testing.T) {
	bg := `
	  function tryIt(label, f) { try { f(); console.log(label, "ok"); } catch (e) { console.log(label, e.message); } }
	  tryIt("sendMessage -1", function () { chrome.tabs.sendMessage(-1, "m"); });
	  tryIt("sendMessage frameId", function () { chrome.tabs.sendMessage(1, "m", {frameId: -2}); });
	  tryIt("sendMessage bad option", function () { chrome.tabs.sendMessage(1, "m", {frame: 0}); });
	  tryIt("connect documentId type", function () { chrome.tabs.connect(1, {documentId: 7}); });
	  tryIt("query url type", function () { chrome.tabs.query({url: 7}); });
	  tryIt("get no args", function () { chrome.tabs.get(); });
	  tryIt("update props only", function () { chrome.tabs.update({pinned: true}, function () { console.log("updated", chrome.runtime.lastError); }); });
	  tryIt("update null tabId", function () { chrome.tabs.update(null, {pinned: true}); });
	  tryIt("getFrame no tabId", function () { chrome.webNavigation.getFrame({frameId: 0}); });
	  tryIt("getURL number", function () { chrome.runtime.getURL(1); });
	  tryIt("windows.get string", function () { chrome.windows.get("1"); });`
	check(t, bg, ``,
		profCase{"chrome", browser.Chrome, []string{
			"bg: sendMessage -1 Error in invocation of tabs.sendMessage(integer tabId, any message, optional object options, optional function callback): Error at parameter 'tabId': Value must be at least 0.",
			"bg: sendMessage frameId Error in invocation of tabs.sendMessage(integer tabId, any message, optional object options, optional function callback): Error at parameter 'options': Error at property 'frameId': Value must be at least 0.",
			"bg: sendMessage bad option Error in invocation of tabs.sendMessage(integer tabId, any message, optional object options, optional function callback): Error at parameter 'options': Unexpected property: 'frame'.",
			"bg: connect documentId type Error in invocation of tabs.connect(integer tabId, optional object connectInfo): Error at parameter 'connectInfo': Error at property 'documentId': Invalid type: expected string, found integer.",
			"bg: query url type Error in invocation of tabs.query(object queryInfo, optional function callback): Error at parameter 'queryInfo': Error at property 'url': Invalid type: expected [string|array], found integer.",
			"bg: get no args Error in invocation of tabs.get(integer tabId, optional function callback): No matching signature.",
			"bg: update props only ok",
			"bg: update null tabId ok",
			"bg: getFrame no tabId Error in invocation of webNavigation.getFrame(object details, optional function callback): Error at parameter 'details': Missing required property 'tabId'.",
			"bg: getURL number Error in invocation of runtime.getURL(string path): No matching signature.",
			"bg: windows.get string Error in invocation of windows.get(integer windowId, optional object queryOptions, optional function callback): No matching signature.",
			"bg: updated undefined", // the active tab of the current window
		}},
		profCase{"firefox", browser.Firefox, []string{
			"bg: sendMessage -1 Type error for parameter tabId (Integer -1 is too small (must be at least 0)) for tabs.sendMessage.",
			"bg: sendMessage frameId Type error for parameter options (Error processing frameId: Integer -2 is too small (must be at least 0)) for tabs.sendMessage.",
			`bg: sendMessage bad option Type error for parameter options (Unexpected property "frame") for tabs.sendMessage.`,
			"bg: connect documentId type Type error for parameter connectInfo (Error processing documentId: Expected string instead of 7) for tabs.connect.",
			"bg: query url type Type error for parameter queryInfo (Error processing url: Expected string or array instead of 7) for tabs.query.",
			"bg: get no args Incorrect argument types for tabs.get.",
			"bg: update props only ok",
			"bg: update null tabId ok",
			`bg: getFrame no tabId Type error for parameter details (Property "tabId" is required) for webNavigation.getFrame.`,
			"bg: getURL number Incorrect argument types for runtime.getURL.",
			"bg: windows.get string Incorrect argument types for windows.get.",
			"bg: updated null", // FF-49: no lastError is null
		}},
	)
}
