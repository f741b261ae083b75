T.ctx = "cs";
// Each value is posted on its own.
var values = [["date", new Date(86400000)], ["regexp", /a+b/gi], ["date in object", {when: new Date(0)}]];
postValues(values);
