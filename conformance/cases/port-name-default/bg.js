chrome.runtime.onConnect.addListener(function (port) {
  T.log("receiver name", T.fmt(port.name), typeof port.name);
  port.postMessage(T.fmt(port.name));
});
chrome.tabs.create({url: T.url("/plain.html")});
