T.ctx = "cs";
var port = chrome.runtime.connect({name: "echo"});
var echoes = [];
port.onMessage.addListener(function (m) {
  echoes.push(m);
  if (echoes.length === 20) {
    T.log("echoes", echoes.join(","));
    setTimeout(T.done, 150);
  }
});
for (var i = 0; i < 10; i++) port.postMessage("a" + i);
setTimeout(function () { for (var i = 0; i < 10; i++) port.postMessage("b" + i); }, 0);
