chrome.runtime.sendMessage("hello");
