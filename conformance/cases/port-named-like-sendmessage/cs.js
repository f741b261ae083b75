T.ctx = "cs";
var port = chrome.runtime.connect({name: "chrome.runtime.sendMessage"});
port.postMessage("over the port");
port.onMessage.addListener(function (m) {
  T.log("reply", m);
  setTimeout(T.done, 300);
});
