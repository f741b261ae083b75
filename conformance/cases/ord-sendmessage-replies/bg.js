var seen = [];
chrome.runtime.onMessage.addListener(function (m, s, respond) {
  seen.push(m);
  if (seen.length === 10) T.log("received", seen.join(","));
  respond("r" + m);
});
chrome.tabs.create({url: T.url("/plain.html")});
