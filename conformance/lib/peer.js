// The ext- cases' two extensions: each knows the other as peer, and the
// case's extension waits until the other one answers before it starts.

// The case's other extension, whichever way T.ids names the two.
var peer = chrome.runtime.id === T.ids.self ? T.ids.other : T.ids.self;

// whenPeerReady calls then once the other extension answers a ping: it may
// still be starting. The other extension answers with pinged.
function whenPeerReady(then, tries) {
  tries = tries || 0;
  chrome.runtime.sendMessage(peer, "ping", function (r) {
    if (chrome.runtime.lastError || r !== "pong") {
      if (tries > 40) { T.fail("the other extension never answered the ping"); return; }
      setTimeout(function () { whenPeerReady(then, tries + 1); }, 100);
      return;
    }
    then();
  });
}

// pinged answers whenPeerReady's ping from an onMessageExternal listener;
// it reports whether m was the ping.
function pinged(m, respond) {
  if (m !== "ping") return false;
  respond("pong");
  return true;
}
