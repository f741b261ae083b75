T.ctx = "cs";
var ready = chrome.runtime.connect({name: "ready"});
chrome.runtime.onMessage.addListener(function (m, s, respond) {
  // The background logs it (this tab is about to close), once this listener has
  // returned true: told earlier, Chrome may close the tab before it knows
  // that an answer is pending, and report another error.
  setTimeout(function () { ready.postMessage("received " + m); }, 0);
  return true; // never answers
});
