whenPeerReady(function () {
  var port = chrome.runtime.connect(peer, {name: "cross"});
  port.onMessage.addListener(function (m) {
    T.log("reply", m);
    port.disconnect();
    setTimeout(T.done, 300);
  });
  port.postMessage("hello other");
});
