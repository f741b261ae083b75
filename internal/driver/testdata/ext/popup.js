console.log("popup open");
var popupValue = 7;
