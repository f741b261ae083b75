T.ctx = "cs";
var asks = ["date", "map", "object with undefined", "nan"];
function next(i) {
  if (i === asks.length) { setTimeout(T.done, 150); return; }
  chrome.runtime.sendMessage(asks[i], function (r) {
    var le = chrome.runtime.lastError;
    T.log(asks[i], le ? "lastError " + le.message : describe(r));
    next(i + 1);
  });
}
next(0);
