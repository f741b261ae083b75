T.ctx = "cs";
// Each value is posted on its own.
var values = [["symbol", Symbol("s")], ["symbol key", (function () { var o = {a: 1}; o[Symbol("k")] = 2; return o; })()], ["symbol value", {a: Symbol("v")}], ["after", "still open"]];
postValues(values);
