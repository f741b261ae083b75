T.ctx = "cs";
function attempt(label, f) {
  try {
    f();
    T.log(label, "did not throw");
  } catch (e) {
    T.log(label, "threw", e.message);
  }
}
var port = chrome.runtime.connect({name: "inside"});
var count = 0;
port.onDisconnect.addListener(function (p) {
  count++;
  attempt("postMessage in onDisconnect", function () { p.postMessage("x"); });
  attempt("disconnect in onDisconnect", function () { p.disconnect(); });
  setTimeout(function () {
    T.log("onDisconnect calls", count);
    T.done();
  }, 300);
});
