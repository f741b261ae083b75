T.ctx = "cs";
if (document.URL.indexOf("/frame-") >= 0) {
  chrome.runtime.connect({name: "frame port"});
  if (document.URL.indexOf("/frame-a.html") >= 0) {
    setTimeout(function () { location.href = "/frame-b.html"; }, 100);
  }
}
