chrome.runtime.onConnect.addListener(function (port) {
  T.log("onConnect", port.name, "sender.id is self", port.sender.id === T.ids.self);
  port.onMessage.addListener(function (m) {
    T.log("got", m);
    port.postMessage({hello: "cs"});
  });
  port.onDisconnect.addListener(function () {
    T.log("onDisconnect");
    setTimeout(T.done, 150);
  });
});
chrome.tabs.create({url: T.url("/plain.html")});
