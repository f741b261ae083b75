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
logEachCall(function () { return api.runtime.sendMessage.apply(api.runtime, arguments); }, cases);
