T.ctx = "cs";
// Each value is posted on its own; a throw means nothing was sent.
var values = (function () { function P() { this.own = 1; } Object.defineProperty(P.prototype, "inherited", {get: function () { return 2; }, enumerable: true}); return [["instance", new P()], ["own getter", Object.defineProperty({}, "g", {get: function () { return "got"; }, enumerable: true})]]; })();
var port = chrome.runtime.connect({name: "values"});
values.forEach(function (entry) {
  try {
    port.postMessage(entry[1]);
    T.log(entry[0], "posted");
  } catch (e) {
    T.log(entry[0], "postMessage threw", e.name, e.message);
  }
});
port.postMessage("end");
