T.ctx = "cs";
var port = chrome.runtime.connect({name: "burst"});
for (var i = 0; i < 100; i++) port.postMessage(i);
port.onMessage.addListener(function (m) {
  T.log("background counted", m);
  setTimeout(T.done, 150);
});
