var huge = "y".repeat(64 * 1024 * 1024 + 16);
chrome.runtime.onConnect.addListener(function () {});
chrome.runtime.onMessage.addListener(function () {});
var port = chrome.runtime.connect({name: "huge"});
try {
  port.postMessage(huge);
  T.log("postMessage did not throw");
} catch (e) {
  T.log("postMessage threw", e.name, e.message);
}
try {
  chrome.runtime.sendMessage(huge, function () {
    var le = chrome.runtime.lastError;
    T.log("sendMessage callback", le ? le.message : "no error");
  });
  T.log("sendMessage did not throw");
} catch (e) {
  T.log("sendMessage threw", e.name, e.message);
}
setTimeout(T.done, 300);
