chrome.runtime.onConnect.addListener(function (port) {
  port.onMessage.addListener(function (m) {
    T.log("got", m);
    port.disconnect();
    try {
      port.postMessage("after own disconnect");
      T.log("own postMessage did not throw");
    } catch (e) {
      T.log("own postMessage threw", e.message);
    }
  });
  port.onDisconnect.addListener(function () { T.log("own onDisconnect fired"); });
});
chrome.tabs.create({url: T.url("/plain.html")});
