T.ctx = "page";
chrome.runtime.onConnect.addListener(function (port) {
  T.log("onConnect", port.name, "sender.id is self", port.sender.id === T.ids.self);
  port.onMessage.addListener(function (m) {
    T.log("got", m);
    port.postMessage("hello background");
  });
});
chrome.runtime.sendMessage("ready");
