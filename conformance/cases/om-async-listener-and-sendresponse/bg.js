chrome.runtime.onMessage.addListener(async function (m, s, respond) {
  respond("from sendResponse");
});
chrome.tabs.create({url: T.url("/plain.html")});
