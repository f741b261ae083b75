// chrome.i18n / browser.i18n over the natives of i18n.go: every extension
// context, content scripts included, gets it.
(function (lib, x) {
  "use strict";
  if (!x.enabled) return undefined;
  function getMessage(name, substitutions) {
    if (typeof name !== "string" || arguments.length > 3) {
      throw lib.CHROME ? lib.invocation(lib.sigText("i18n.getMessage"), "No matching signature.") : lib.ffIncorrect("i18n.getMessage");
    }
    return x.getMessage(name, substitutions);
  }
  for (const pair of lib.namespaces) {
    const ns = pair[0], style = pair[1];
    ns.i18n = Object.assign(ns.i18n || {}, {
      getMessage: getMessage,
      getUILanguage: lib.withArgs("i18n.getUILanguage", function getUILanguage() { return x.uiLanguage; }),
      getAcceptLanguages: lib.withSig(style, "i18n.getAcceptLanguages", function getAcceptLanguages() { return [x.uiLanguage, x.uiLanguage.split("-")[0]]; }),
    });
  }
  return undefined;
})
