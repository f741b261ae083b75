// The background reports whether the loopback host permission was granted,
// opens the test page and answers the content script's ping.
browser.runtime.onMessage.addListener((msg, sender) => {
  if (msg !== "ping") return undefined;
  return Promise.resolve("pong to " + new URL(sender.url).pathname + " in a tab " + (sender.tab ? "yes" : "no"));
});
(async () => {
  const granted = await browser.permissions.contains({origins: ["http://127.0.0.1/*"]});
  await report("bg", "log", "granted " + granted);
  await browser.tabs.create({url: CONF.base + "/page.html"});
})().catch((e) => report("bg", "fail", String(e)));
