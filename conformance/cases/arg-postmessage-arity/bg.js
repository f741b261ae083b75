chrome.runtime.onConnect.addListener(function (port) {
  port.onMessage.addListener(function (m) {
    if (m === "end") { setTimeout(T.done, 150); return; }
    T.log("received", T.fmt(m), "arguments", arguments.length);
  });
});
chrome.tabs.create({url: T.url("/plain.html")});
