chrome.runtime.onMessage.addListener(function (m) {
  return Promise.reject(new Error("rejected " + m));
});
chrome.tabs.create({url: T.url("/plain.html")});
