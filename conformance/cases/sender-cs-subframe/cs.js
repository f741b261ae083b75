T.ctx = "cs";
chrome.runtime.sendMessage("from " + document.URL.replace(/^[a-z]+:\/\/[^\/]+/, ""));
