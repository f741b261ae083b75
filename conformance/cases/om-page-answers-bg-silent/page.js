T.ctx = "page";
chrome.runtime.onMessage.addListener(function (m, s, respond) {
  T.log("page saw", m);
  setTimeout(function () { respond("page answers " + m); }, 50);
  return true;
});
chrome.runtime.sendMessage("page ready");
