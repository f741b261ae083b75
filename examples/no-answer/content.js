chrome.runtime.sendMessage({kind: "question"}, function (response) {
  var le = chrome.runtime.lastError;
  chrome.runtime.sendMessage({
    kind: "report",
    response: String(response),
    lastError: le ? le.message : null
  });
});
