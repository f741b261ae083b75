T.ctx = "cs";
var port = chrome.runtime.connect(peer, {name: "from content script"});
port.onMessage.addListener(function (m) {
  T.log("reply", m);
  setTimeout(T.done, 150);
});
port.postMessage("hi");
