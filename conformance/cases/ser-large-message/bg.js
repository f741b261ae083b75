chrome.runtime.onConnect.addListener(function (port) {
  port.onMessage.addListener(function (m) {
    T.log("port got", m.length, "characters, all x", /^x*$/.test(m));
    port.postMessage(m);
  });
});
chrome.runtime.onMessage.addListener(function (m, s, respond) {
  T.log("sendMessage got", m.list.length, "elements");
  respond(m.list);
});
chrome.tabs.create({url: T.url("/plain.html")});
