chrome.runtime.onMessage.addListener(function (m) {
  if (m === "string") return Promise.reject("just a string");
  if (m === "undefined") return Promise.reject(undefined);
  return Promise.reject({message: "looks like an error"});
});
chrome.tabs.create({url: T.url("/plain.html")});
