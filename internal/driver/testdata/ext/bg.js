var started = (globalThis.started || 0) + 1;
console.log("background up");
chrome.runtime.onMessage.addListener(function (m, sender, reply) {
  console.log("bg got " + m.text + " from " + (sender.tab ? "tab " + sender.tab.id : "extension"));
  reply({ echo: m.text });
});
