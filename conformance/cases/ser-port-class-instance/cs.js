T.ctx = "cs";
// Each value is posted on its own.
var values = (function () { function P() { this.own = 1; } Object.defineProperty(P.prototype, "inherited", {get: function () { return 2; }, enumerable: true}); return [["instance", new P()], ["own getter", Object.defineProperty({}, "g", {get: function () { return "got"; }, enumerable: true})]]; })();
postValues(values);
