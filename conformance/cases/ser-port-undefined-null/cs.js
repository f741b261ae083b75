T.ctx = "cs";
// Each value is posted on its own.
var values = [["undefined", undefined], ["null", null], ["string undefined", "undefined"]];
postValues(values);
