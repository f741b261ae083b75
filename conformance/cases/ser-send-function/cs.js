T.ctx = "cs";
var values = [["function in object", {f: function () {}, a: 1}]];
sendValues(values);
