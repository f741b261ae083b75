var path = document.URL.replace(/^[a-z]+:\/\/[^\/]+/, "");
T.ctx = "cs" + path;
chrome.runtime.onMessage.addListener(function (m, s, respond) {
  T.log("received", m);
  respond("answer from " + path);
});
chrome.runtime.sendMessage({ready: path});
