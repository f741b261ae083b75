chrome.runtime.sendMessage("nobody", function () {
  var le = chrome.runtime.lastError;
  T.log("inside the callback", le ? le.message : "no lastError");
  Promise.resolve().then(function () {
    T.log("in a microtask after", T.fmt(chrome.runtime.lastError));
  });
  setTimeout(function () {
    T.log("in a later task", T.fmt(chrome.runtime.lastError));
    T.done();
  }, 0);
});
T.log("right after the call", T.fmt(chrome.runtime.lastError));
