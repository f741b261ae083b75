T.ctx = "cs";
// Each value is posted on its own.
var values = [["array", [1, undefined, 2]], ["object", {a: 1, b: undefined}], ["holes", [, 1, , 2]]];
postValues(values);
