// Keep a port open; when the worker goes away (onDisconnect), reconnect
// right away, which starts the worker again.
function connect(attempt) {
  var port = chrome.runtime.connect({name: "keepalive"});
  port.onMessage.addListener(function (m) { console.log("ack", m.ack); });
  port.onDisconnect.addListener(function () {
    console.log("port closed; reconnecting");
    connect(attempt + 1);
  });
  port.postMessage({text: "hello #" + attempt});
}
connect(1);
