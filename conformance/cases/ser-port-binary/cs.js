T.ctx = "cs";
// Each value is posted on its own; a throw means nothing was sent.
var values = [["uint8array", new Uint8Array([1, 2, 255])], ["arraybuffer", new Uint8Array([9, 8]).buffer]];
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
