// A module service worker: static imports (relative, root-relative, the
// same module under several specifiers), import.meta.url; importScripts
// and import() are refused in service workers.
import { greet, count } from "./lib/util.js";
import * as again from "/lib/util.js";
import label from "./lib/util.js";

console.log(greet("sw"), count(), again.count(), label);
console.log("meta", import.meta.url);
try {
  importScripts("lib/classic.js");
} catch (e) {
  console.log(e.name + ": " + e.message);
}
import("./lib/dyn.js").catch(function (e) {
  console.log(e.name + ": " + e.message);
});
