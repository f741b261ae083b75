T.ctx = "cs";
// Each value is posted on its own.
var values = [["error", new TypeError("bad thing")]];
postValues(values);
