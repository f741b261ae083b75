T.ctx = "cs";
// Each value is posted on its own; a throw means nothing was sent.
var values = [["undefined", undefined], ["null", null], ["string undefined", "undefined"]];
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
