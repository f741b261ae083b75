T.log(greeted);
chrome.runtime.connect({name: "lib"}).postMessage(greet("cs"));
