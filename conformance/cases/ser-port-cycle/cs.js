T.ctx = "cs";
// Each value is posted on its own.
var values = (function () { var a = {name: "a"}; a.self = a; return [["cycle", a], ["after the cycle", "still open"]]; })();
postValues(values);
