// The arg- cases' driver: call fn with each case's arguments, one case at
// a time, and log whether the call threw (synchronously, with the error's
// name and message), resolved or rejected; T.done after the last.
// cases: [[label, argsArray], ...].
function logEachCall(fn, cases) {
  function next(i) {
    if (i === cases.length) { setTimeout(T.done, 150); return; }
    var label = cases[i][0];
    var p;
    try {
      p = fn.apply(null, cases[i][1]);
    } catch (e) {
      T.log(label, "threw", e.name, e.message);
      next(i + 1);
      return;
    }
    Promise.resolve(p).then(function (v) { T.log(label, "resolved", T.fmt(v)); }, function (e) { T.log(label, "rejected", e.message); })
      .then(function () { next(i + 1); });
  }
  next(0);
}
