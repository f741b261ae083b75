T.ctx = "cs";
chrome.runtime.onConnect.addListener(function (port) {
  T.log("content script received onConnect", port.name);
});
chrome.runtime.sendMessage({ready: true});
