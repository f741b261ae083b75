T.ctx = "cs";
function attempt(label, f) {
  try {
    f();
    T.log(label, "did not throw");
  } catch (e) {
    T.log(label, "threw", e.message);
  }
}
var port = chrome.runtime.connect({name: "twice"});
port.onDisconnect.addListener(function () { T.log("own onDisconnect fired"); });
port.onMessage.addListener(function (m) {
  T.log("got", m);
  attempt("first disconnect", function () { port.disconnect(); });
  attempt("second disconnect", function () { port.disconnect(); });
  attempt("postMessage", function () { port.postMessage("x"); });
  setTimeout(T.done, 400);
});
