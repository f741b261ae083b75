T.ctx = "other";
chrome.runtime.onMessageExternal.addListener(function (m, s, respond) { pinged(m, respond); });
chrome.runtime.onConnect.addListener(function (port) { T.log("onConnect fired", port.name); });
