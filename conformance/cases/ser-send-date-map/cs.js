T.ctx = "cs";
var values = [["date", new Date(0)], ["map", new Map([["k", 1]])]];
sendValues(values);
