T.ctx = "cs";
var page = document.URL.indexOf("nav-a") >= 0 ? "nav-a" : "nav-b";
window.addEventListener("pagehide", function () {
  chrome.runtime.sendMessage("pagehide of " + page);
});
chrome.runtime.sendMessage("loaded " + page);
