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
  var port = attempt(label, function () { return chrome.tabs.connect.apply(chrome.tabs, args); });
  if (port) port.disconnect();
}
tryConnect("tabs.connect()", []);
tryConnect("tabs.connect(-1)", [-1]);
tryConnect("tabs.connect('1')", ["1"]);
tryConnect("tabs.connect(1.5)", [1.5]);
tryConnect("tabs.connect(1, {frameId: -1})", [1, {frameId: -1}]);
tryConnect("tabs.connect(1, {frameId: 'a'})", [1, {frameId: "a"}]);
tryConnect("tabs.connect(1, {name: 5})", [1, {name: 5}]);
tryConnect("tabs.connect(1, {foo: 1})", [1, {foo: 1}]);
tryConnect("tabs.connect(1, 'name')", [1, "name"]);
setTimeout(T.done, 150);
