T.ctx = "cs";
// The opener side: a named port from a content script to its extension.
var port = chrome.runtime.connect({name: "greeting"});
T.log("port.name", port.name, "opener port.sender", typeof port.sender);
port.onMessage.addListener(function (m, p) {
  T.log("got", m, "second argument is the port", p === port);
  port.disconnect();
});
port.postMessage({hello: "bg"});
