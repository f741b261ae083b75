T.ctx = "cs";
var values = [["lone surrogate", "a\ud800b"], ["nul", "a\u0000b"], ["u2028", "a\u2028b"], ["emoji", "\ud83d\ude00"]];
sendValues(values);
