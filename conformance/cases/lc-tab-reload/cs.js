T.ctx = "cs";
chrome.runtime.connect({name: "reloaded"});
