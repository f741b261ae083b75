function after(ms, v) { return new Promise(function (resolve) { setTimeout(function () { resolve(v); }, ms); }); }
chrome.runtime.onMessage.addListener(function () { return after(150, "slow, registered first"); });
chrome.runtime.onMessage.addListener(function () { return after(20, "fast, registered second"); });
chrome.tabs.create({url: T.url("/plain.html")});
