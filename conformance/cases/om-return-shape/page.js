T.ctx = "page";
function shape(v) {
  if (v === undefined) return "undefined";
  return v instanceof Promise ? "a Promise" : typeof v;
}
var withCallback = chrome.runtime.sendMessage("with callback", function () {});
T.log("chrome with callback returns", shape(withCallback));
var without = chrome.runtime.sendMessage("without callback");
T.log("chrome without callback returns", shape(without));
var pending = [];
if (without instanceof Promise) pending.push(without.then(function (v) { T.log("chrome promise resolved", v); }));
if (typeof browser !== "undefined") {
  var b = browser.runtime.sendMessage("browser namespace");
  T.log("browser returns", shape(b));
  if (b instanceof Promise) pending.push(b.then(function (v) { T.log("browser promise resolved", v); }));
} else {
  T.log("no browser namespace");
}
Promise.all(pending).then(function () { setTimeout(T.done, 150); });
