function why(p) {
  var le = chrome.runtime.lastError;
  return "lastError " + (le ? le.message : "none") + " port.error " + (p.error ? p.error.message : T.fmt(p.error));
}
function result(r) {
  var le = chrome.runtime.lastError;
  return le ? "lastError " + le.message : "response " + T.fmt(r);
}
var port = null;
try {
  port = chrome.runtime.connect("not-an-extension-id", {name: "x"});
  T.log("connect returned a port");
} catch (e) {
  T.log("connect threw", e.message);
}
function second() {
  try {
    chrome.runtime.sendMessage("not-an-extension-id", "hi", function (r) {
      T.log("sendMessage callback", result(r));
      setTimeout(T.done, 150);
    });
  } catch (e) {
    T.log("sendMessage threw", e.message);
    setTimeout(T.done, 150);
  }
}
if (port) {
  port.onDisconnect.addListener(function (p) { T.log("connect: onDisconnect", why(p)); second(); });
} else {
  second();
}
