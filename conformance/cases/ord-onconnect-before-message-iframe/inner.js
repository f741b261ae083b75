T.ctx = "inner";
var events = [];
chrome.runtime.onConnect.addListener(function (port) {
  events.push("onConnect " + port.name);
  port.onMessage.addListener(function (m) {
    events.push("message " + m);
    T.log("events", events);
    port.postMessage(events.length);
  });
});
chrome.runtime.sendMessage("ready");
// connect() never runs onConnect inside the caller's call: the page's call
// returns first. Mark the end of this script's own turn.
events.push("inner script ran");
