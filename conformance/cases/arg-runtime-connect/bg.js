function attempt(label, f) {
  try {
    var r = f();
    T.log(label, "did not throw");
    return r;
  } catch (e) {
    T.log(label, "threw", e.name, e.message);
  }
}
function tryConnect(label, args) {
  var port = attempt(label, function () { return chrome.runtime.connect.apply(chrome.runtime, args); });
  if (port) {
    T.log(label, "port name", JSON.stringify(port.name));
    port.disconnect();
  }
}
tryConnect("connect(42)", [42]);
tryConnect("connect({name: 1})", [{name: 1}]);
tryConnect("connect({foo: 1})", [{foo: 1}]);
tryConnect("connect({}, {})", [{}, {}]);
tryConnect("connect(ownId, 'str')", [chrome.runtime.id, "str"]);
tryConnect("connect(null, {name})", [null, {name: "n1"}]);
tryConnect("connect(undefined, {name})", [undefined, {name: "n2"}]);
tryConnect("connect('', {name})", ["", {name: "n3"}]);
tryConnect("connect(ownId, {name}, 'extra')", [chrome.runtime.id, {name: "n4"}, "extra"]);
tryConnect("connect({includeTlsChannelId: 1})", [{includeTlsChannelId: 1}]);
setTimeout(T.done, 150);
