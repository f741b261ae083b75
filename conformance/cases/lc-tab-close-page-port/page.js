T.ctx = "page";
var port = chrome.runtime.connect({name: "page port"});
port.postMessage("close me");
