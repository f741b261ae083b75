chrome.runtime.onConnect.addListener(function (port) {
  T.log("receiver error", T.fmt(port.error), "has key", "error" in port);
  port.disconnect();
  T.log("receiver error after own disconnect", T.fmt(port.error));
});
chrome.tabs.create({url: T.url("/plain.html")});
