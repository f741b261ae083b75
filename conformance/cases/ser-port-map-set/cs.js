T.ctx = "cs";
// Each value is posted on its own.
var values = [["map", new Map([["k", 1], ["j", {x: 2}]])], ["set", new Set([1, "two", 3])]];
postValues(values);
