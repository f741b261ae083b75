var hello = "content world of " + document.URL;
document.body.addEventListener("click", function () {
  console.log("clicked in " + document.URL);
});
