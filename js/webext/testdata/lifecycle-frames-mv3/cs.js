// The iframes (/a, /b) connect; /a?navigate then moves its own frame to /b
// by location.href; the top page /rm removes its iframe element.
var path = location.pathname;
if (path === "/a" || path === "/b") {
  chrome.runtime.connect();
  if (location.search === "?navigate") setTimeout(function () { location.href = "/b"; }, 100);
} else if (path === "/rm") {
  setTimeout(function () { document.querySelector("iframe").remove(); console.log("removed the iframe"); }, 100);
}
