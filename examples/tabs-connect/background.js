function connectToTab(tabs) {
  if (tabs.length > 0) {
    var examplePort = chrome.tabs.connect(
      tabs[0].id,
      {name: "tabs-connect-example"}
    );
    examplePort.postMessage({greeting: "hi from background script"});
  }
}

chrome.action.onClicked.addListener(function() {
  chrome.tabs.query({currentWindow: true, active: true}, connectToTab);
});
