T.log(greet("bg"), "/", greeted);
chrome.runtime.onConnect.addListener(function (port) {
  port.onMessage.addListener(function (m) {
    T.log("cs sent", m);
    T.done();
  });
});
chrome.tabs.create({url: T.caseURL("page.html")});
