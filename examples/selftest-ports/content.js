var port = chrome.runtime.connect({name: "greeter"});
port.onMessage.addListener(function (m) {
  if (m.greeting === "hi back") port.disconnect();
});
port.postMessage({greeting: "hello"});
