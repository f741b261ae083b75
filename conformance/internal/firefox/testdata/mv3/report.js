// report sends one entry to the harness's loopback server in the shape the
// shim uses (kind, ctx, instance, seq, text). conf.js, written by the test,
// defines CONF = {base, token}. Reports go one at a time per context.
const reportInstance = Math.random().toString(36).slice(2);
let reportSeq = 0;
function report(ctx, kind, text) {
  reportSeq++;
  return fetch(CONF.base + "/__report", {
    method: "POST",
    body: JSON.stringify({token: CONF.token, kind, ctx, instance: reportInstance, seq: reportSeq, text}),
  });
}
