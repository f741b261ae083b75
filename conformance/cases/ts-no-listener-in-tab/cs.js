T.ctx = "cs";
// Only a port listener: no runtime.onMessage listener in this tab.
chrome.runtime.connect({name: "ready"});
