var port = chrome.runtime.connect();
T.log("opener name", T.fmt(port.name), typeof port.name);
port.onMessage.addListener(function (m) {
  T.log("receiver saw", m);
  setTimeout(T.done, 150);
});
