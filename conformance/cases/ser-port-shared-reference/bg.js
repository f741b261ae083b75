receiveValues(function (m) { T.log("a and b are one object", m.a === m.b); });
chrome.tabs.create({url: T.url("/plain.html")});
