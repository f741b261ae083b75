T.ctx = "cs";
var port = chrome.runtime.connect({name: "short"});
port.onDisconnect.addListener(function () { T.log("own onDisconnect fired"); });
port.postMessage("before disconnect");
port.disconnect();
T.log("disconnected");
