T.ctx = "cs";
var big = "x".repeat(1024 * 1024);
var list = [];
for (var i = 0; i < 20000; i++) list.push(i);
var port = chrome.runtime.connect({name: "large"});
port.onMessage.addListener(function (m) {
  T.log("port echo", typeof m === "string" ? m.length : T.fmt(m));
  chrome.runtime.sendMessage({list: list}, function (r) {
    var le = chrome.runtime.lastError;
    T.log("reply", le ? "lastError " + le.message : r.length + " elements, last " + r[r.length - 1]);
    setTimeout(T.done, 150);
  });
});
port.postMessage(big);
