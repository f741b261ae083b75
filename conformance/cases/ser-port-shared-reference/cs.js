T.ctx = "cs";
// Each value is posted on its own.
var values = (function () { var x = {v: 1}; return [["shared", {a: x, b: x}]]; })();
postValues(values);
