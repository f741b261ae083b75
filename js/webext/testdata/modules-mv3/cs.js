// A classic content script imports an extension module, by its full URL.
import(chrome.runtime.getURL("lib/dyn.js")).then(function (m) {
  console.log("cs dynamic", m.value, m.url.endsWith("/lib/dyn.js"));
});
