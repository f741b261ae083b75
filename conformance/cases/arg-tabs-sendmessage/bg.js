var api = T.family === "firefox" ? browser : chrome;
var cases = [
  ["tabs.sendMessage(-1, msg)", [-1, "m"]],
  ["tabs.sendMessage('1', msg)", ["1", "m"]],
  ["tabs.sendMessage(1)", [1]],
  ["tabs.sendMessage(1, msg, {frameId: -1})", [1, "m", {frameId: -1}]],
  ["tabs.sendMessage(1, msg, {frameId: 'a'})", [1, "m", {frameId: "a"}]],
  ["tabs.sendMessage(1, msg, {includeTlsChannelId: true})", [1, "m", {includeTlsChannelId: true}]],
  ["tabs.sendMessage(1, msg, {foo: 1})", [1, "m", {foo: 1}]],
  ["tabs.sendMessage(1, msg, 'options')", [1, "m", "options"]],
];
function next(i) {
  if (i === cases.length) { setTimeout(T.done, 150); return; }
  var label = cases[i][0];
  var p;
  try {
    p = api.tabs.sendMessage.apply(api.tabs, cases[i][1]);
  } catch (e) {
    T.log(label, "threw", e.name, e.message);
    next(i + 1);
    return;
  }
  Promise.resolve(p).then(function (v) { T.log(label, "resolved", T.fmt(v)); }, function (e) { T.log(label, "rejected", e.message); })
    .then(function () { next(i + 1); });
}
next(0);
