// askBothForms is the om- cases' content script: it sends "callback form"
// with a callback, then "promise form" as a promise (browser.* in Firefox),
// logs what each got and ends the case.
function askBothForms() {
  function result(r) {
    var le = chrome.runtime.lastError;
    return le ? "lastError " + le.message : "response " + T.fmt(r);
  }
  var api = T.family === "firefox" ? browser : chrome;
  chrome.runtime.sendMessage("callback form", function (r) {
    T.log("callback:", result(r));
    api.runtime.sendMessage("promise form").then(function (v) {
      T.log("promise resolved", T.fmt(v));
    }, function (e) {
      T.log("promise rejected", e.message);
    }).then(function () { setTimeout(T.done, 150); });
  });
}
