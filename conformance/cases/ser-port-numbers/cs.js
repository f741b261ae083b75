T.ctx = "cs";
// Each value is posted on its own.
var values = [["numbers", {nan: NaN, inf: Infinity, ninf: -Infinity, negzero: -0, big: 1e308, small: 5e-324}]];
postValues(values);
