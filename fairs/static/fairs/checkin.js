// The check-in form empties itself after each answer, ready for the next ticket.
document.addEventListener("htmx:afterRequest", function (event) {
  if (event.target.id === "checkin-form") event.target.reset();
});

// Check-in by camera where the browser has BarcodeDetector; the typed code always works.
(function () {
  if (!("BarcodeDetector" in window) || !navigator.mediaDevices) return;
  const button = document.getElementById("start-scan");
  const video = document.getElementById("scanner");
  const form = document.getElementById("checkin-form");
  const input = document.getElementById("id_code");
  button.hidden = false;
  let last = "";
  let lastAt = 0;
  button.addEventListener("click", async function () {
    const detector = new BarcodeDetector({ formats: ["qr_code"] });
    const stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } });
    video.srcObject = stream;
    video.hidden = false;
    button.hidden = true;
    await video.play();
    async function tick() {
      try {
        const codes = await detector.detect(video);
        const now = Date.now();
        if (codes.length && (codes[0].rawValue !== last || now - lastAt > 3000)) {
          last = codes[0].rawValue;
          lastAt = now;
          input.value = last;
          form.requestSubmit();
        }
      } catch (e) { /* a frame that cannot be read: try the next one */ }
      requestAnimationFrame(tick);
    }
    tick();
  });
})();
