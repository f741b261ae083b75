T.ctx = "cs";
var port = chrome.runtime.connect({name: "s"});
T.log("opener sender", T.fmt(port.sender), "has key", "sender" in port);
port.onMessage.addListener(function (m) {
  T.log("receiver reported", m);
  setTimeout(T.done, 150);
});
