T.ctx = "cs";
var port = chrome.runtime.connect({name: "shared"});
port.postMessage("one");
port.onMessage.addListener(function (m) {
  T.log("reply", m);
  setTimeout(T.done, 150);
});
