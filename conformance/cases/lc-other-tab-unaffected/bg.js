function why(p) {
  var le = chrome.runtime.lastError;
  return "lastError " + (le ? le.message : "none") + " port.error " + (p.error ? p.error.message : T.fmt(p.error));
}
var ports = {};
chrome.runtime.onConnect.addListener(function (port) {
  var which = port.sender.url === T.url("/nav-a.html") ? "a" : "b";
  ports[which] = port;
  port.onDisconnect.addListener(function (p) {
    T.log("onDisconnect", which, why(p));
    // Only once tab a's port is gone: a fixed delay raced the tab's
    // removal in a busy browser.
    if (which === "a") ports.b.postMessage("still there?");
  });
  port.onMessage.addListener(function (m) {
    T.log("message on", which, m);
    setTimeout(T.done, 150);
  });
  if (ports.a && ports.b) {
    chrome.tabs.remove(ports.a.sender.tab.id);
  }
});
chrome.tabs.create({url: T.url("/nav-a.html")});
chrome.tabs.create({url: T.url("/nav-b.html")});
