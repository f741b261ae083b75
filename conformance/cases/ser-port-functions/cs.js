T.ctx = "cs";
// Each value is posted on its own; a throw means nothing was sent.
var values = [["function", function f() {}], ["in object", {f: function () {}, a: 1}], ["in array", [1, function () {}]], ["after", "still open"]];
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
