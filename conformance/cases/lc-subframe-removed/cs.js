var isTop = document.URL.indexOf("one-frame") >= 0;
T.ctx = isTop ? "cs-top" : "cs-frame";
if (isTop) {
  chrome.runtime.onMessage.addListener(function (m) {
    if (m !== "remove the frame") return;
    document.querySelector("iframe").remove();
    T.log("removed the iframe");
  });
} else {
  chrome.runtime.onConnect.addListener(function (port) { port.postMessage("here"); });
}
chrome.runtime.sendMessage(isTop ? "top ready" : "frame ready");
