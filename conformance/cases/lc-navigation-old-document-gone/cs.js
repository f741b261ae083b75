T.ctx = "cs";
var page = document.URL.indexOf("nav-a") >= 0 ? "nav-a" : "nav-b";
chrome.runtime.onMessage.addListener(function (m, s, respond) {
  T.log(page, "received", m);
  respond(page);
});
chrome.runtime.sendMessage("ready");
