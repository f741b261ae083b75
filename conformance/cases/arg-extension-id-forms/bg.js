chrome.runtime.onConnect.addListener(function (port) { port.postMessage("yes"); });
chrome.tabs.create({url: T.url("/plain.html")});
