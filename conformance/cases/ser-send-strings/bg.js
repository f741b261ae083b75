// Answer with the UTF-16 code units, so the log itself holds only ASCII.
function units(s) {
  var out = [];
  for (var i = 0; i < s.length; i++) out.push(s.charCodeAt(i).toString(16));
  return out.join(" ");
}
chrome.runtime.onMessage.addListener(function (m, s, respond) {
  respond(typeof m === "string" ? units(m) : "not a string: " + typeof m);
});
chrome.tabs.create({url: T.url("/plain.html")});
