chrome.runtime.onConnect.addListener(function (port) {
  port.postMessage("receiver sender is " + typeof port.sender);
});
chrome.tabs.create({url: T.url("/plain.html")});
