var waiting = [];
chrome.runtime.onMessage.addListener(function (m, s, respond) {
  waiting.push({m: m, respond: respond});
  if (waiting.length === 3) {
    // Answer in reverse arrival order, each in its own task.
    waiting.slice().reverse().forEach(function (w, i) {
      setTimeout(function () { w.respond("answer for " + w.m); }, 20 * (i + 1));
    });
  }
  return true;
});
chrome.tabs.create({url: T.url("/frames.html")});
