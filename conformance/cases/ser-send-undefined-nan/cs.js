T.ctx = "cs";
var values = [["undefined", undefined], ["NaN", NaN], ["-0", -0], ["null", null]];
sendValues(values);
