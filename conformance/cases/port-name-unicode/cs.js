T.ctx = "cs";
var name = "a b/c?d=é ü \u00e9 \ud83d\ude00 \"quoted\"";
var port = chrome.runtime.connect({name: name});
T.log("opener name unchanged", port.name === name);
port.onMessage.addListener(function (m) {
  T.log("receiver name unchanged", m === name);
  setTimeout(T.done, 150);
});
