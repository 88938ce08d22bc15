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
