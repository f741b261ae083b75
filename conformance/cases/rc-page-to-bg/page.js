T.ctx = "page";
var port = chrome.runtime.connect({name: "from-page"});
port.postMessage("hello from the page");
T.log("connected", port.name);
