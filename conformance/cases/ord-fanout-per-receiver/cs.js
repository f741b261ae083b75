var path = document.URL.replace(/^[a-z]+:\/\/[^\/]+/, "");
T.ctx = "cs" + path;
chrome.runtime.onConnect.addListener(function (port) {
  var got = [];
  port.onMessage.addListener(function (m) {
    got.push(m);
    if (got.length === 5) {
      T.log("got", got);
      port.postMessage("done");
    }
  });
});
chrome.runtime.sendMessage({ready: path});
