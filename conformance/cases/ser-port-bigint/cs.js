T.ctx = "cs";
// Each value is posted on its own.
var values = [["bigint", BigInt(12345)], ["nested bigint", {n: BigInt(7)}], ["after", "still open"]];
postValues(values);
