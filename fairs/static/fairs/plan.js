// The printable fair plan's Print button (no inline handler: every script is a file).
(function () {
  var button = document.getElementById("print-plan");
  if (button) button.addEventListener("click", function () { window.print(); });
})();
