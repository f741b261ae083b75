T.log("title", document.title);
var port = chrome.runtime.connect({name: "from-cs"});
port.postMessage({n: 1});
