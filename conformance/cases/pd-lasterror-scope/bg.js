var port = chrome.runtime.connect({name: "nobody listens"});
port.onDisconnect.addListener(function () {
  var le = chrome.runtime.lastError;
  T.log("inside onDisconnect", le ? le.message : "no lastError");
  setTimeout(function () {
    T.log("after onDisconnect", T.fmt(chrome.runtime.lastError));
    T.done();
  }, 0);
});
