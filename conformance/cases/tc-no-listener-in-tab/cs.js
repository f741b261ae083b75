T.ctx = "cs";
// Listens to one-off messages only, not to onConnect.
chrome.runtime.onMessage.addListener(function () {});
chrome.runtime.sendMessage("ready");
