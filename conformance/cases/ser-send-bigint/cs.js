T.ctx = "cs";
var values = [["bigint", BigInt(42)]];
sendValues(values);
