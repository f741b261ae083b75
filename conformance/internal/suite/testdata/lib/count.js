// A second shared script: placed after greet.js, so it can use it.
var greeted = greet("count.js");
