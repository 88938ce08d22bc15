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

// Long lists: a select with data-searchable gets a filter box above it (the attribute's value is
// the box's label); typing hides the options that do not contain the text.
function jinpinSearchable(select) {
  if (select.dataset.searchReady) return;
  select.dataset.searchReady = "1";
  var box = document.createElement("input");
  box.type = "search";
  box.className = "select-filter";
  box.setAttribute("aria-label", select.dataset.searchable || "Filter");
  box.placeholder = select.dataset.searchable || "";
  box.addEventListener("input", function () {
    var text = box.value.trim().toLowerCase();
    Array.prototype.forEach.call(select.options, function (option) {
      var keep = !option.value || option.selected || option.text.toLowerCase().indexOf(text) !== -1;
      option.hidden = !keep || option.dataset.offCity === "1";
    });
  });
  select.parentNode.insertBefore(box, select);
}
// A district select with data-follows="city" offers only the chosen city's districts.
function jinpinFollow(select) {
  var city = select.form && select.form.elements[select.dataset.follows];
  if (!city) return;
  function sync() {
    Array.prototype.forEach.call(select.options, function (option) {
      var off = option.value && city.value && option.dataset.parent !== city.value;
      option.dataset.offCity = off ? "1" : "";
      option.hidden = !!off;
      if (off && option.selected) select.value = "";
    });
  }
  city.addEventListener("change", sync);
  sync();
}
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("select[data-searchable]").forEach(jinpinSearchable);
  document.querySelectorAll("select[data-follows]").forEach(jinpinFollow);
});
