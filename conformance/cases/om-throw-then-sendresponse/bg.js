chrome.runtime.onMessage.addListener(function () { throw new TypeError("first throws"); });
chrome.runtime.onMessage.addListener(function (m, s, respond) { respond("second answers"); });
chrome.tabs.create({url: T.url("/plain.html")});
