T.ctx = "cs";
function why(p) {
  var le = chrome.runtime.lastError;
  return "lastError " + (le ? le.message : "none") + " port.error " + (p.error ? p.error.message : T.fmt(p.error));
}
var forms = [["empty string", ""], ["null", null], ["undefined", undefined], ["own id", chrome.runtime.id], ["upper-case id", chrome.runtime.id.toUpperCase()]];
var pending = forms.length;
forms.forEach(function (f) {
  var port;
  try {
    port = chrome.runtime.connect(f[1], {name: f[0]});
  } catch (e) {
    T.log(f[0], "threw", e.message);
    pending--;
    return;
  }
  port.onMessage.addListener(function (m) { T.log(f[0], "reached the background:", m); });
  port.onDisconnect.addListener(function (p) { T.log(f[0], "onDisconnect", why(p)); });
});
setTimeout(T.done, 500);
