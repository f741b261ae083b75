chrome.runtime.onConnect.addListener(function (port) {
  T.log("receiver name", JSON.stringify(port.name), typeof port.name);
  port.postMessage(JSON.stringify(port.name));
});
chrome.tabs.create({url: T.url("/plain.html")});
