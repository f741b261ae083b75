T.ctx = document.URL.indexOf("nav-a") >= 0 ? "cs-a" : "cs-b";
var port = chrome.runtime.connect({name: "per tab"});
port.onMessage.addListener(function (m) { port.postMessage("yes, " + m); });
