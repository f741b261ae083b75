chrome.runtime.onMessage.addListener(function (m) {
  if (m === "promise false") return Promise.resolve(false);
  return false;
});
chrome.tabs.create({url: T.url("/plain.html")});
