T.ctx = "cs";
// Each value is posted on its own.
var values = [["function", function f() {}], ["in object", {f: function () {}, a: 1}], ["in array", [1, function () {}]], ["after", "still open"]];
postValues(values);
