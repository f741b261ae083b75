T.ctx = "cs";
function why(p) {
  var le = chrome.runtime.lastError;
  return "lastError " + (le ? le.message : "none") + " port.error " + (p.error ? p.error.message : T.fmt(p.error));
}
var forms = [["empty string", ""], ["null", null], ["undefined", undefined], ["own id", chrome.runtime.id], ["upper-case id", chrome.runtime.id.toUpperCase()]];
// One form at a time, so that the log's order does not depend on which
// channel settles first.
function next(i) {
  if (i === forms.length) { setTimeout(T.done, 150); return; }
  var f = forms[i];
  var settled = false;
  function settle() {
    if (settled) return;
    settled = true;
    next(i + 1);
  }
  var port;
  try {
    port = chrome.runtime.connect(f[1], {name: f[0]});
  } catch (e) {
    T.log(f[0], "threw", e.message);
    settle();
    return;
  }
  port.onMessage.addListener(function (m) { T.log(f[0], "reached the background:", m); port.disconnect(); settle(); });
  port.onDisconnect.addListener(function (p) { T.log(f[0], "onDisconnect", why(p)); settle(); });
  setTimeout(function () {
    if (!settled) T.log(f[0], "nothing within 500 ms");
    settle();
  }, 500);
}
next(0);
