T.ctx = "cs";
chrome.runtime.onMessage.addListener(function (m, s, respond) {
  T.log("received", m);
  return true; // never answers
});
chrome.runtime.connect({name: "ready"});
