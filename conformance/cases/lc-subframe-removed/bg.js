function why(p) {
  var le = chrome.runtime.lastError;
  return "lastError " + (le ? le.message : "none") + " port.error " + (p.error ? p.error.message : T.fmt(p.error));
}
var tabId = null, frameA = null, top = false;
chrome.runtime.onMessage.addListener(function (m, s) {
  if (m === "top ready") { tabId = s.tab.id; top = true; }
  if (m === "frame ready") frameA = s.frameId;
  if (!top || frameA === null) return;
  var port = chrome.tabs.connect(tabId, {name: "to frame a", frameId: frameA});
  port.onMessage.addListener(function (r) {
    T.log("frame a answered", r);
    chrome.tabs.sendMessage(tabId, "remove the frame", {frameId: 0});
  });
  port.onDisconnect.addListener(function (p) { T.log("onDisconnect", why(p)); });
  setTimeout(T.done, 800);
});
chrome.tabs.create({url: T.url("/one-frame.html")});
