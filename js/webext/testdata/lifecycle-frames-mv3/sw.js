// Logs where each port comes from and how it ends.
chrome.runtime.onConnect.addListener(function (port) {
  var from = new URL(port.sender.url).pathname;
  console.log("connect from", from);
  port.onDisconnect.addListener(function (p) {
    var le = chrome.runtime.lastError;
    console.log("disconnect of", from, "lastError", le ? le.message : "none");
  });
});
