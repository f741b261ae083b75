chrome.runtime.onConnect.addListener(function (port) {
  T.log("onConnect", port.name);
  port.onMessage.addListener(function (m) {
    T.log("got", m);
    T.done();
  });
});
chrome.tabs.create({url: T.caseURL("page.html")});
