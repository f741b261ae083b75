var ports = [];
var count = 0;
function listener(tag) {
  return function (port) {
    ports.push(port);
    T.log("onConnect", tag, port.name);
    port.onMessage.addListener(function (m) {
      count++;
      T.log("onMessage in listener", tag, m);
      if (count === 2) port.postMessage("same port object " + (ports[0] === ports[1]));
    });
  };
}
chrome.runtime.onConnect.addListener(listener("first"));
chrome.runtime.onConnect.addListener(listener("second"));
chrome.tabs.create({url: T.url("/plain.html")});
