T.ctx = "cs";
// Each value is posted on its own; a throw means nothing was sent.
var values = (function () { var x = {v: 1}; return [["shared", {a: x, b: x}]]; })();
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
