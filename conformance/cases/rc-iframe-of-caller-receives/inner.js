T.ctx = "inner";
chrome.runtime.onConnect.addListener(function (port) {
  T.log("onConnect", port.name, "sender.url is the page", port.sender.url === chrome.runtime.getURL("page.html"));
  port.onMessage.addListener(function (m) {
    T.log("got", m);
    port.postMessage("pong");
  });
});
chrome.runtime.sendMessage({ready: true});
