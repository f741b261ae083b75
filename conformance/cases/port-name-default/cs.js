T.ctx = "cs";
var port = chrome.runtime.connect();
T.log("opener name", JSON.stringify(port.name), typeof port.name);
port.onMessage.addListener(function (m) {
  T.log("receiver saw", m);
  setTimeout(T.done, 150);
});
