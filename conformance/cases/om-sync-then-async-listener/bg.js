chrome.runtime.onMessage.addListener(function (m) { T.log("first listener saw", m); });
chrome.runtime.onMessage.addListener(function (m, s, respond) {
  setTimeout(function () { respond("second, later: " + m); }, 50);
  return true;
});
chrome.tabs.create({url: T.url("/plain.html")});
