T.ctx = "cs";
if (document.URL.indexOf("nav-a") >= 0) {
  var ready = chrome.runtime.connect({name: "ready"});
  chrome.runtime.onMessage.addListener(function (m, s, respond) {
    ready.postMessage("received " + m); // the background logs it: this page is about to go
    return true; // never answers
  });
} else {
  chrome.runtime.connect({name: "arrived"});
}
