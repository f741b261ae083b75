chrome.runtime.onConnect.addListener(function (ready) {
  // The content script announced itself over a port; now message the extension.
  chrome.runtime.sendMessage({to: "extension"}, function (r) {
    var le = chrome.runtime.lastError;
    T.log("callback", T.fmt(r), "lastError", le ? le.message : "none");
    setTimeout(T.done, 300);
  });
});
chrome.tabs.create({url: T.url("/plain.html")});
