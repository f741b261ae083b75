chrome.runtime.onMessage.addListener(function (m) {
  T.log("onMessage fired", m);
});
chrome.runtime.onConnect.addListener(function (port) {
  T.log("onConnect fired", port.name);
  port.onMessage.addListener(function (m) {
    T.log("port message", m);
    port.postMessage("ack");
  });
});
chrome.tabs.create({url: T.url("/plain.html")});
