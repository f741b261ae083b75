T.ctx = "cs";
var peer = chrome.runtime.id === T.ids.self ? T.ids.other : T.ids.self;
var port = chrome.runtime.connect(peer, {name: "from content script"});
port.onMessage.addListener(function (m) {
  T.log("reply", m);
  setTimeout(T.done, 150);
});
port.postMessage("hi");
