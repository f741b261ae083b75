function result(r) {
  var le = chrome.runtime.lastError;
  return le ? "lastError " + le.message : "response " + T.fmt(r);
}
var oldDoc = null;
chrome.runtime.onMessage.addListener(function (m, s) {
  if (m === "nav-a ready") {
    oldDoc = s.documentId;
    T.log("typeof documentId", typeof oldDoc);
    if (typeof oldDoc !== "string") { setTimeout(T.done, 150); return; }
    chrome.tabs.update(s.tab.id, {url: T.url("/nav-b.html")});
    return;
  }
  if (m !== "nav-b ready") return;
  var tabId = s.tab.id;
  T.log("new documentId differs", s.documentId !== oldDoc);
  var settled = false;
  function toNew() {
    chrome.tabs.sendMessage(tabId, "to the new document", {documentId: s.documentId}, function (r2) {
      T.log("new document:", result(r2));
      setTimeout(T.done, 150);
    });
  }
  chrome.tabs.sendMessage(tabId, "to the old document", {documentId: oldDoc}, function (r) {
    var text = result(r);
    if (settled) return;
    settled = true;
    T.log("old document:", text);
    toNew();
  });
  // Bounded: a browser may leave the call to a cached document pending.
  setTimeout(function () {
    if (settled) return;
    settled = true;
    T.log("old document: no answer within 1 s");
    toNew();
  }, 1000);
});
chrome.tabs.create({url: T.url("/nav-a.html")});
