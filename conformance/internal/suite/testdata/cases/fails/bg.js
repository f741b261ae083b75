T.log("before");
T.fail("on purpose");
T.done();
