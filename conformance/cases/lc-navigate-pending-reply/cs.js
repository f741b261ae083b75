T.ctx = "cs";
if (document.URL.indexOf("nav-a") >= 0) {
  var ready = chrome.runtime.connect({name: "ready"});
  chrome.runtime.onMessage.addListener(function (m, s, respond) {
    // The background logs it (this page is about to go), once this listener has
    // returned true: told earlier, Chrome may close the tab before it knows
    // that an answer is pending, and report another error.
    setTimeout(function () { ready.postMessage("received " + m); }, 0);
    return true; // never answers
  });
} else {
  chrome.runtime.connect({name: "arrived"});
}
