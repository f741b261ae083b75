// The content script proves it ran on the loopback page, then asks the
// background and reports the answer.
(async () => {
  await report("cs", "log", "ran on " + location.pathname);
  const answer = await browser.runtime.sendMessage("ping");
  await report("cs", "log", answer);
  await report("cs", "done", "");
})().catch((e) => report("cs", "fail", String(e)));
