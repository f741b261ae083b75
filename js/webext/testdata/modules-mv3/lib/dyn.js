// Top-level await is allowed in a dynamically imported module, even in a
// service worker.
import { count } from "./util.js";

await new Promise((resolve) => setTimeout(resolve, 10));
export const value = count();
export const url = import.meta.url;
