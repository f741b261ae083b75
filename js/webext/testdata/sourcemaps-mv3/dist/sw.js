console.log("start");
function fail() {
  throw new Error("mapped");
}
fail();
//# sourceMappingURL=sw.js.map
