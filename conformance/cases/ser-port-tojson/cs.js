T.ctx = "cs";
// Each value is posted on its own.
var values = [["toJSON", {a: 1, toJSON: function () { return "from toJSON"; }}]];
postValues(values);
