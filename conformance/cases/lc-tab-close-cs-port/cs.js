T.ctx = "cs";
var port = chrome.runtime.connect({name: "doomed tab"});
port.onDisconnect.addListener(function () { T.log("content script onDisconnect"); });
