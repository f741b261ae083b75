T.ctx = "cs";
function attempt(label, f) {
  try {
    var r = f();
    T.log(label, "did not throw");
    return r;
  } catch (e) {
    T.log(label, "threw", e.name, e.message);
  }
}
var port = chrome.runtime.connect({name: "arity"});
attempt("postMessage()", function () { port.postMessage(); });
attempt("postMessage(1, 2, 3)", function () { port.postMessage(1, 2, 3); });
port.postMessage("end");
