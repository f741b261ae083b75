T.ctx = "cs";
chrome.runtime.connect({name: "survive?"});
