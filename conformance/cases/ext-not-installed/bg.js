function why(p) {
  var le = chrome.runtime.lastError;
  return "lastError " + (le ? le.message : "none") + " port.error " + (p.error ? p.error.message : T.fmt(p.error));
}
function result(r) {
  var le = chrome.runtime.lastError;
  return le ? "lastError " + le.message : "response " + T.fmt(r);
}
var missing = "abcdefghijklmnopabcdefghijklmnop";
var port = chrome.runtime.connect(missing, {name: "nobody"});
port.onDisconnect.addListener(function (p) {
  T.log("connect: onDisconnect", why(p));
  chrome.runtime.sendMessage(missing, "anyone?", function (r) {
    T.log("sendMessage:", result(r));
    setTimeout(T.done, 150);
  });
});
