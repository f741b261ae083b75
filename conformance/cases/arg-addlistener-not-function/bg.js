function attempt(label, f) {
  try {
    var r = f();
    T.log(label, "did not throw");
    return r;
  } catch (e) {
    T.log(label, "threw", e.name, e.message);
  }
}
attempt("runtime.onMessage.addListener(42)", function () { chrome.runtime.onMessage.addListener(42); });
attempt("runtime.onConnect.addListener('x')", function () { chrome.runtime.onConnect.addListener("x"); });
var port = chrome.runtime.connect({name: "unused"});
attempt("port.onMessage.addListener(null)", function () { port.onMessage.addListener(null); });
port.disconnect();
setTimeout(T.done, 150);
