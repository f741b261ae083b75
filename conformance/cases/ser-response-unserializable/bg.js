chrome.runtime.onMessage.addListener(function (m, s, respond) {
  try {
    respond(m === "bigint" ? BigInt(1) : function () {});
    T.log(m, "sendResponse did not throw");
  } catch (e) {
    T.log(m, "sendResponse threw", e.name, e.message);
  }
});
chrome.tabs.create({url: T.url("/plain.html")});
