// The tc- and ts- cases' frames: a content script in each frame of the
// case's page announces itself ({ready: path}), and the background learns
// each frame's ids from the sender.

// whenFramesReady, in the background, calls then(tabId, frames) once want
// frames announced themselves; frames maps each frame's path to its
// {frameId, documentId}.
function whenFramesReady(want, then) {
  var frames = {};
  chrome.runtime.onMessage.addListener(function (m, s) {
    if (!m || !m.ready) return;
    frames[m.ready] = {frameId: s.frameId, documentId: s.documentId};
    if (Object.keys(frames).length === want) then(s.tab.id, frames);
  });
}

// answerWithPath is the content script of a frame that tabs.connect may
// reach: it logs under "cs" + its path, answers each message with its
// path, and announces itself.
function answerWithPath() {
  var path = document.URL.replace(/^[a-z]+:\/\/[^\/]+/, "");
  T.ctx = "cs" + path;
  chrome.runtime.onConnect.addListener(function (port) {
    T.log("onConnect", port.name);
    port.onMessage.addListener(function (m) { port.postMessage(path); });
  });
  chrome.runtime.sendMessage({ready: path});
}
