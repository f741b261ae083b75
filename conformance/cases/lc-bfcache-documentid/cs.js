T.ctx = "cs";
var page = document.URL.indexOf("nav-a") >= 0 ? "nav-a" : "nav-b";
chrome.runtime.onMessage.addListener(function (m, s, respond) {
  T.log(page, "received", m);
  respond(page + " answers");
});
chrome.runtime.sendMessage(page + " ready");
