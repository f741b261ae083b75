T.ctx = "cs";
chrome.runtime.sendMessage("hello");
