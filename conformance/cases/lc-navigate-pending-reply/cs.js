T.ctx = "cs";
if (document.URL.indexOf("nav-a") >= 0) {
  chrome.runtime.onMessage.addListener(function (m, s, respond) {
    T.log("received", m);
    return true; // never answers
  });
  chrome.runtime.connect({name: "ready"});
}
