T.ctx = "cs";
var port = chrome.runtime.connect({name: "stopped under me"});
port.onMessage.addListener(function () {
  // Stop a little later, so that the worker's own report has left.
  setTimeout(function () {
    T.control("stopWorker").catch(function (e) { T.fail("stopWorker: " + e.message); });
  }, 200);
});
port.onDisconnect.addListener(function () {
  try {
    port.postMessage("anyone?");
    T.log("postMessage did not throw");
  } catch (e) {
    T.log("postMessage threw", e.message);
  }
  setTimeout(T.done, 150);
});
