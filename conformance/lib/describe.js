// describe names a received value's type as well as its content, so that a
// Date and its ISO string, or a Map and {}, do not look alike.
function describe(v, depth) {
  depth = depth || 0;
  var tag = Object.prototype.toString.call(v).slice(8, -1);
  if (v === null || typeof v !== "object") return tag + " " + T.fmt(v);
  if (tag === "Map") return "Map " + JSON.stringify(Array.from(v.entries()));
  if (tag === "Set") return "Set " + JSON.stringify(Array.from(v.values()));
  if (tag === "Date") return "Date " + v.getTime();
  if (tag === "RegExp") return "RegExp " + String(v);
  if (tag === "ArrayBuffer") return "ArrayBuffer " + v.byteLength;
  if (ArrayBuffer.isView(v)) return tag + " " + Array.prototype.join.call(v, ",");
  if (tag === "Error") return "Error " + v.name + ": " + v.message;
  if (depth > 1) return tag + " ...";
  if (Array.isArray(v)) {
    var items = [];
    for (var i = 0; i < v.length; i++) items.push(i in v ? describe(v[i], depth + 1) : "hole");
    return "Array [" + items.join(", ") + "]";
  }
  return tag + " {" + Object.keys(v).sort().map(function (k) { return k + ": " + describe(v[k], depth + 1); }).join(", ") + "}";
}
