chrome.runtime.onMessage.addListener(function (m, s, respond) {
  setTimeout(function () { respond("late " + m); }, 50);
  return true;
});
chrome.tabs.create({url: T.url("/plain.html")});
