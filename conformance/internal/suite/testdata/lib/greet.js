// A shared script for the harness's own lib case.
function greet(who) { return "hello " + who + " from lib"; }
