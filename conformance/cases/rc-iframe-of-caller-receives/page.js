T.ctx = "page";
chrome.runtime.onConnect.addListener(function (port) {
  T.log("page onConnect (its own connect)", port.name);
});
chrome.runtime.onMessage.addListener(function (m) {
  if (!m || m.ready !== true) return;
  var port = chrome.runtime.connect({name: "to-frame"});
  port.onMessage.addListener(function (r) {
    T.log("reply", r);
    setTimeout(T.done, 300);
  });
  port.postMessage("ping");
});
