chrome.runtime.onConnect.addListener(function (port) {
  var got = [];
  var inOrder = true;
  T.log("onConnect", port.name);
  port.onMessage.addListener(function (m) {
    if (m !== got.length) inOrder = false;
    got.push(m);
    if (got.length === 100) {
      T.log("100 messages, in order:", inOrder);
      port.postMessage(got.length);
    }
  });
});
chrome.tabs.create({url: T.url("/plain.html")});
