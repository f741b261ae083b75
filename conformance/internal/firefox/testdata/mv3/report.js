// report sends one entry to the test's report server. conf.js, written by
// the test, defines CONF = {base, token}.
function report(ctx, kind, text) {
  return fetch(CONF.base + "/report", {
    method: "POST",
    body: JSON.stringify({token: CONF.token, ctx, kind, text}),
  });
}
