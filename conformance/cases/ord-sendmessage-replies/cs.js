T.ctx = "cs";
var answers = [];
for (var i = 0; i < 10; i++) {
  chrome.runtime.sendMessage(i, function (r) {
    answers.push(r);
    if (answers.length === 10) {
      T.log("answers", answers.join(","));
      setTimeout(T.done, 150);
    }
  });
}
