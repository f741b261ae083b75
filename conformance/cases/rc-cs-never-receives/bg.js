chrome.runtime.onMessage.addListener(function (m) {
  if (!m || m.ready !== true) return;
  // The content script is loaded and listening; connect to our own extension.
  var port = chrome.runtime.connect({name: "to-extension"});
  port.onDisconnect.addListener(function (p) {
    var le = chrome.runtime.lastError;
    T.log("onDisconnect", "lastError", le ? le.message : "none", "port.error", p.error ? p.error.message : T.fmt(p.error));
    setTimeout(T.done, 300);
  });
});
chrome.tabs.create({url: T.url("/plain.html")});
