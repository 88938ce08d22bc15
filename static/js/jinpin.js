// The header menu is folded on phones and always open on wider screens.
(function () {
  var wide = window.matchMedia("(min-width: 768px)");
  function sync() {
    document.querySelectorAll("details.nav-menu").forEach(function (menu) {
      menu.open = wide.matches;
    });
  }
  document.addEventListener("DOMContentLoaded", sync);
  wide.addEventListener("change", sync);
})();

// Behaviour declared in the markup, so the pages need no inline script (Content-Security-Policy):
// data-once buttons send their form once (the server refuses a repeat too); a control with
// data-autosubmit submits its form when it changes.
document.addEventListener("submit", function (event) {
  event.target.querySelectorAll("button[data-once]").forEach(function (button) {
    setTimeout(function () { button.disabled = true; }, 0);
  });
});
document.addEventListener("change", function (event) {
  if (event.target.matches("[data-autosubmit]") && event.target.form) {
    event.target.form.requestSubmit();
  }
});
