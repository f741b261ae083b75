T.ctx = "cs";
// Each value is posted on its own.
var values = [["uint8array", new Uint8Array([1, 2, 255])], ["arraybuffer", new Uint8Array([9, 8]).buffer]];
postValues(values);
