chrome.runtime.onMessage.addListener(function (m, s, respond) {
  T.log("received", m);
  return true; // never answers
});
chrome.tabs.create({url: T.url("/plain.html")});
