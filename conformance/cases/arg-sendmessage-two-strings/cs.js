T.ctx = "cs";
var api = T.family === "firefox" ? browser : chrome;
function ask(label, args) {
  var p;
  try {
    p = api.runtime.sendMessage.apply(api.runtime, args);
  } catch (e) {
    T.log(label, "threw", e.name, e.message);
    return Promise.resolve();
  }
  return p.then(function (v) { T.log(label, "answered", T.fmt(v)); }, function (e) { T.log(label, "rejected", e.message); });
}
ask("sendMessage('text', {})", ["text", {}])
  .then(function () { return ask("sendMessage(ownId, 'text')", [chrome.runtime.id, "text"]); })
  .then(function () { return ask("sendMessage('text', null)", ["text", null]); })
  .then(function () { setTimeout(T.done, 150); });
