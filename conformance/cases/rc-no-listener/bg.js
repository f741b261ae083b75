// No runtime.onConnect listener anywhere in the extension.
chrome.tabs.create({url: T.url("/plain.html")});
