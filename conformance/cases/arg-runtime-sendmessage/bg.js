// No listener anywhere: a call that passes validation fails with no receiver.
var api = T.family === "firefox" ? browser : chrome;
var cases = [
  ["sendMessage()", []],
  ["sendMessage(id, msg, {}, fn, extra)", [chrome.runtime.id, "m", {}, function () {}, "extra"]],
  ["sendMessage(msg, {foo: 1})", [{a: 1}, {foo: 1}]],
  ["sendMessage(msg, {includeTlsChannelId: 'yes'})", [{a: 1}, {includeTlsChannelId: "yes"}]],
  ["sendMessage(msg, {includeTlsChannelId: true})", [{a: 1}, {includeTlsChannelId: true}]],
  ["sendMessage(id, msg, opts, 42)", [chrome.runtime.id, "m", {}, 42]],
  ["sendMessage(42, msg)", [42, "m"]],
];
function next(i) {
  if (i === cases.length) { setTimeout(T.done, 150); return; }
  var label = cases[i][0];
  var p;
  try {
    p = api.runtime.sendMessage.apply(api.runtime, cases[i][1]);
  } catch (e) {
    T.log(label, "threw", e.name, e.message);
    next(i + 1);
    return;
  }
  Promise.resolve(p).then(function (v) { T.log(label, "resolved", T.fmt(v)); }, function (e) { T.log(label, "rejected", e.message); })
    .then(function () { next(i + 1); });
}
next(0);
