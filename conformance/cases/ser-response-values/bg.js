chrome.runtime.onMessage.addListener(function (m, s, respond) {
  if (m === "date") respond(new Date(1000));
  else if (m === "map") respond(new Map([["a", 1]]));
  else if (m === "object with undefined") respond({a: 1, b: undefined});
  else respond(NaN);
});
chrome.tabs.create({url: T.url("/plain.html")});
