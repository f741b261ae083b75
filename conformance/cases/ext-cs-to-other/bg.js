whenPeerReady(function () {
  chrome.tabs.create({url: T.url("/plain.html")});
});
