T.ctx = "page";
chrome.runtime.onMessage.addListener(function (m) {
  if (m !== "ready") return;
  var port = chrome.runtime.connect({name: "to inner"});
  port.postMessage("first message");
  port.onMessage.addListener(function (r) {
    T.log("inner reported", r);
    setTimeout(T.done, 150);
  });
});
