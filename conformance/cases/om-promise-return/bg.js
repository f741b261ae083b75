chrome.runtime.onMessage.addListener(function (m) {
  return new Promise(function (resolve) { setTimeout(function () { resolve("resolved for " + m); }, 50); });
});
chrome.tabs.create({url: T.url("/plain.html")});
