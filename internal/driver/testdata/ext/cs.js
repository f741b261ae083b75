var hello = "content world of " + document.URL;
document.body.addEventListener("click", function (e) {
  var t = e.target;
  console.log("clicked <" + t.tagName + (t.id ? " id=" + t.id : "") + "> in " + document.URL);
});
