browser.runtime.onConnect.addListener(function(port) {
  console.log("connected: " + port.name);
  port.onMessage.addListener(function(m) {
    console.log(m.greeting);
  });
});
