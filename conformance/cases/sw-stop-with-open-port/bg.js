chrome.runtime.onConnect.addListener(function (port) {
  port.onMessage.addListener(function (m) {
    T.log("got", m);
    port.postMessage("ack");
  });
});
chrome.tabs.create({url: T.url("/plain.html")});
