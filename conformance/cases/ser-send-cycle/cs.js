T.ctx = "cs";
var values = (function () { var a = {name: "a"}; a.self = a; return [["cycle", a]]; })();
sendValues(values);
