// The search box's autocomplete: a combobox over the listbox htmx swaps in (templates/search/
// _suggestions.html). Arrow keys move through the options, Enter or a tap picks one and searches,
// Escape closes the list. Pinyin suggestions (kuaiji → 会计) do not contain what was typed, which is
// why this is a listbox and not a <datalist> (browsers hide datalist options that do not match).
(function () {
  "use strict";

  function parts(from) {
    var box = from.closest(".search-combobox");
    if (!box) return null;
    return { input: box.querySelector("input[role=combobox]"), list: box.querySelector("[role=listbox]") };
  }

  function options(list) {
    return list ? Array.prototype.slice.call(list.querySelectorAll("[role=option]")) : [];
  }

  function setOpen(p, open) {
    var has = options(p.list).length > 0;
    p.list.hidden = !(open && has);
    p.input.setAttribute("aria-expanded", open && has ? "true" : "false");
    if (!open || !has) p.input.removeAttribute("aria-activedescendant");
  }

  function highlight(p, index) {
    var all = options(p.list);
    all.forEach(function (option, i) {
      option.setAttribute("aria-selected", i === index ? "true" : "false");
    });
    if (index >= 0 && all[index]) {
      p.input.setAttribute("aria-activedescendant", all[index].id);
      all[index].scrollIntoView({ block: "nearest" });
    } else {
      p.input.removeAttribute("aria-activedescendant");
    }
  }

  function choose(p, option) {
    p.input.value = option.getAttribute("data-value");
    setOpen(p, false);
    if (p.input.form.requestSubmit) p.input.form.requestSubmit();
    else p.input.form.submit();
  }

  document.addEventListener("htmx:afterSwap", function (event) {
    if (event.target && event.target.id === "search-suggestions") {
      var p = parts(event.target);
      if (p) setOpen(p, document.activeElement === p.input);
    }
  });

  document.addEventListener("keydown", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches(".search-combobox input[role=combobox]")) return;
    var p = parts(input);
    var all = options(p.list);
    var current = all.findIndex(function (o) { return o.getAttribute("aria-selected") === "true"; });
    if (event.key === "ArrowDown" && all.length) {
      event.preventDefault();
      setOpen(p, true);
      highlight(p, (current + 1) % all.length);
    } else if (event.key === "ArrowUp" && all.length) {
      event.preventDefault();
      setOpen(p, true);
      highlight(p, current <= 0 ? all.length - 1 : current - 1);
    } else if (event.key === "Enter" && current >= 0 && !p.list.hidden) {
      event.preventDefault();
      choose(p, all[current]);
    } else if (event.key === "Escape") {
      setOpen(p, false);
    }
  });

  document.addEventListener("click", function (event) {
    var option = event.target.closest && event.target.closest(".search-combobox [role=option]");
    if (option) {
      choose(parts(option), option);
      return;
    }
    document.querySelectorAll(".search-combobox").forEach(function (box) {
      if (!box.contains(event.target)) setOpen(parts(box), false);
    });
  });
})();
