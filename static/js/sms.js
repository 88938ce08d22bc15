// The cool-down before another SMS code may be asked for: counts the seconds down in each
// [data-countdown] and, at zero, enables the buttons marked [data-after-countdown] and hides
// the note. The server checks the same limit; this only saves a refused request.
(function () {
  function start(root) {
    (root || document).querySelectorAll("[data-countdown]").forEach(function (counter) {
      if (counter.dataset.counting) return;
      counter.dataset.counting = "1";
      var left = parseInt(counter.dataset.countdown, 10) || 0;
      var buttons = document.querySelectorAll("[data-after-countdown]");
      buttons.forEach(function (b) { b.disabled = left > 0; });
      var timer = window.setInterval(function () {
        left -= 1;
        counter.textContent = String(Math.max(left, 0));
        if (left <= 0) {
          window.clearInterval(timer);
          buttons.forEach(function (b) { b.disabled = false; });
          var note = counter.closest("[data-countdown-note]");
          if (note) note.hidden = true;
        }
      }, 1000);
    });
  }
  document.addEventListener("DOMContentLoaded", function () { start(); });
  document.addEventListener("htmx:afterSwap", function (event) { start(event.target); });
})();
