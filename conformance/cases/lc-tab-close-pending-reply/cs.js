T.ctx = "cs";
var ready = chrome.runtime.connect({name: "ready"});
chrome.runtime.onMessage.addListener(function (m, s, respond) {
  ready.postMessage("received " + m); // the background logs it: this tab is about to close
  return true; // never answers
});
