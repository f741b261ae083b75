chrome.runtime.onConnect.addListener(function (port) {
  setTimeout(function () { port.disconnect(); }, 50);
});
chrome.tabs.create({url: T.url("/plain.html")});
