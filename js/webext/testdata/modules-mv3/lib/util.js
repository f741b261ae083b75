import { bang } from "./helper.js";

var n = 0;
console.log("util evaluated");
export function greet(who) { return bang("hello " + who); }
export function count() { return ++n; }
export default "util";
