T.ctx = "cs";
var values = [["undefined", undefined], ["NaN", NaN], ["-0", -0], ["null", null]];
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
