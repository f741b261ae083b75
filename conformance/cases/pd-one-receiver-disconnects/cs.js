var path = document.URL.replace(/^[a-z]+:\/\/[^\/]+/, "");
T.ctx = "cs" + path;
function why(p) {
  var le = chrome.runtime.lastError;
  return "lastError " + (le ? le.message : "none") + " port.error " + (p.error ? p.error.message : T.fmt(p.error));
}
chrome.runtime.onConnect.addListener(function (port) {
  T.log("onConnect", port.name);
  port.onDisconnect.addListener(function (p) { T.log("onDisconnect", why(p)); });
  if (path === "/frame-a.html") {
    setTimeout(function () { port.disconnect(); T.log("disconnected"); }, 100);
  } else {
    // Post after frame a is gone: does it throw, or arrive?
    setTimeout(function () {
      try {
        port.postMessage("late from " + path);
        T.log("late post did not throw");
      } catch (e) {
        T.log("late post threw", e.message);
      }
    }, 400);
  }
});
chrome.runtime.sendMessage({ready: path});
