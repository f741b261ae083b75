T.ctx = "page";
chrome.runtime.sendMessage("hello");
