T.log("strings", "as they are", 1, true, null);
T.log(undefined, NaN, Infinity, -Infinity, -0, 10n);
T.log({b: 2, a: [1, {d: 4, c: 3}]});
T.log(new TypeError("bad thing"));
T.log("self is a chrome id", /^[a-p]{32}$/.test(T.ids.self), "other", JSON.stringify(T.ids.other));
T.log("family", T.family, "url", T.url("/x").replace(/:\d+/, ":PORT"));
T.done();
