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
logEachCall(function () { return api.tabs.sendMessage.apply(api.tabs, arguments); }, cases);
