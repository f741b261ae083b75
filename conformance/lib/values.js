// The ser- cases' round trips: a content script hands a list of
// [label, value] entries to the background one at a time; the background
// logs what arrived (describe.js). The values are the case's own.

// postValues posts each value on its own port message from a content
// script (a throw means nothing was sent), then "end".
function postValues(values) {
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
}

// receiveValues logs, in the background, each value postValues sent
// ("received" and its description, then what also(m) logs) and ends the
// case at "end".
function receiveValues(also) {
  chrome.runtime.onConnect.addListener(function (port) {
    port.onMessage.addListener(function (m) {
      if (m === "end") {
        setTimeout(T.done, 150);
        return;
      }
      T.log("received", describe(m));
      if (also) also(m);
    });
  });
}

// sendValues sends each value with runtime.sendMessage from a content
// script, one after the other, and logs the answer, the rejection or the
// synchronous throw; then it ends the case.
function sendValues(values) {
  var api = T.family === "firefox" ? browser : chrome;
  function next(i) {
    if (i === values.length) { setTimeout(T.done, 150); return; }
    var entry = values[i];
    var p;
    try {
      p = api.runtime.sendMessage(entry[1]);
    } catch (e) {
      T.log(entry[0], "sendMessage threw", e.name, e.message);
      next(i + 1);
      return;
    }
    p.then(function (r) { T.log(entry[0], "answered", r); }, function (e) { T.log(entry[0], "rejected", e.message); })
      .then(function () { next(i + 1); });
  }
  next(0);
}
