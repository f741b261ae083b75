// Imported with import() by the content script: top-level await is
// allowed here.
import { count } from "./util.js";

await new Promise((resolve) => setTimeout(resolve, 10));
export const value = count();
export const url = import.meta.url;
