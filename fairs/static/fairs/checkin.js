// The door app of the check-in page and the self check-in kiosk.
//
// Scanning: the browser's BarcodeDetector where it reads QR codes, else the vendored zxing-wasm
// decoder (iPhone, WeChat, Firefox), continuously; each result fills the screen in green (in),
// amber (look again: a second scan, or outside the arrival slot) or red (refused), with a sound
// and a vibration.
// Without the network: the fair's ticket list (hashed codes, names) is kept in IndexedDB; a scan
// the server cannot answer is decided on it, remembered and queued; the queue is sent when the
// network returns, and what the server found (double entries, tickets cancelled meanwhile) is
// listed for the staff. The page itself is kept by a service worker (checkin-sw.js).
// Every word shown comes translated from the page (#door-texts); the script holds none.
(function () {
  "use strict";
  var app = document.getElementById("door-app");
  if (!app) return;
  var T = JSON.parse(document.getElementById("door-texts").textContent);
  var cfg = app.dataset;
  var fairId = cfg.fair;
  var kiosk = cfg.mode === "kiosk";
  var PASS_KEY = "jinpin-door-pass-" + fairId;
  var DOOR_KEY = "jinpin-door-name";
  var DEVICE_DOOR = kiosk ? cfg.door || "" : "";
  var SCAN_TIMEOUT_MS = 2500;
  var REPEAT_MS = 4000;

  var el = function (id) { return document.getElementById(id); };
  var video = el("scanner");
  var form = el("checkin-form");
  var input = el("id_code");
  var overlay = el("scan-result");
  var doorInput = el("door-name");

  function fmt(text, values) {
    return String(text).replace(/%\((\w+)\)s/g, function (all, name) {
      return values && values[name] !== undefined && values[name] !== null ? values[name] : "";
    });
  }

  function hhmm(date) {
    var d = new Date(date);
    return ("0" + d.getHours()).slice(-2) + ":" + ("0" + d.getMinutes()).slice(-2);
  }

  // --- Credentials and door ------------------------------------------------------------------

  // A door pass is "payload:time:signature", the time in base 62 (Django's signing): the newest
  // of the page's and the one kept from the last list wins (a page reopened offline is older).
  function passTime(pass) {
    var parts = String(pass || "").split(":");
    var digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    var value = 0;
    var text = parts.length >= 3 ? parts[parts.length - 2] : "";
    for (var i = 0; i < text.length; i++) value = value * 62 + digits.indexOf(text[i]);
    return value;
  }

  function credential() {
    if (kiosk) return "Kiosk " + cfg.key;
    var kept = localStorage.getItem(PASS_KEY) || "";
    return "DoorPass " + (passTime(kept) > passTime(cfg.pass) ? kept : cfg.pass);
  }

  function keepPass(pass) {
    try { localStorage.setItem(PASS_KEY, pass); } catch (e) { /* storage full: the page's pass */ }
  }

  function door() {
    if (kiosk) return DEVICE_DOOR;
    return doorInput ? doorInput.value.trim().slice(0, 40) : "";
  }

  if (doorInput) {
    doorInput.value = localStorage.getItem(DOOR_KEY) || "";
    doorInput.addEventListener("change", function () {
      localStorage.setItem(DOOR_KEY, doorInput.value.trim());
    });
  }

  // --- IndexedDB: the ticket list, what this door admitted, the queue, the conflicts --------

  var dbOpening = null;
  function db() {
    if (!dbOpening) {
      dbOpening = new Promise(function (resolve, reject) {
        var request = indexedDB.open("jinpin-doors", 1);
        request.onupgradeneeded = function () {
          var d = request.result;
          d.createObjectStore("lists");
          d.createObjectStore("admitted");
          d.createObjectStore("queue", { keyPath: "scan" });
          d.createObjectStore("conflicts", { keyPath: "scan" });
        };
        request.onsuccess = function () { resolve(request.result); };
        request.onerror = function () { reject(request.error); };
      });
    }
    return dbOpening;
  }

  function store(name, mode, work) {
    return db().then(function (d) {
      return new Promise(function (resolve, reject) {
        var transaction = d.transaction(name, mode);
        var request = work(transaction.objectStore(name));
        transaction.oncomplete = function () { resolve(request ? request.result : undefined); };
        transaction.onerror = function () { reject(transaction.error); };
        transaction.onabort = function () { reject(transaction.error); };
      });
    });
  }

  function mine(items) {
    return (items || []).filter(function (item) { return String(item.fair) === String(fairId); });
  }

  var list = null; // {salt, saved_at, closed, grace_minutes, windows, tickets: {hash: [...]}}

  function loadList() {
    return store("lists", "readonly", function (s) { return s.get(fairId); }).then(function (saved) {
      if (saved) list = saved;
      showState();
    });
  }

  function refreshList() {
    if (!navigator.onLine) return Promise.resolve();
    return fetch(cfg.ticketsUrl, { headers: { Authorization: credential() }, cache: "no-store" })
      .then(function (response) {
        if (response.status === 403) { refusedDevice(); throw new Error("refused"); }
        if (!response.ok) throw new Error("status " + response.status);
        return response.json();
      })
      .then(function (data) {
        var tickets = {};
        data.tickets.forEach(function (row) { tickets[row[0]] = [row[1], row[2], row[3], row[4]]; });
        list = {
          salt: data.salt,
          saved_at: data.saved_at,
          closed: data.closed,
          grace_minutes: data.grace_minutes,
          windows: data.windows,
          tickets: tickets,
          count: data.tickets.length,
        };
        if (data.pass) keepPass(data.pass);
        showState();
        return store("lists", "readwrite", function (s) { return s.put(list, fairId); });
      })
      .catch(function () { showState(); });
  }

  function hash(code) {
    var bytes = new TextEncoder().encode(list.salt + ":" + code);
    return crypto.subtle.digest("SHA-256", bytes).then(function (digest) {
      return Array.prototype.map.call(new Uint8Array(digest), function (b) {
        return ("0" + b.toString(16)).slice(-2);
      }).join("").slice(0, 20);
    });
  }

  function admittedKey(h) { return fairId + ":" + h; }

  function rememberAdmitted(code, at) {
    if (!list) return Promise.resolve();
    return hash(code).then(function (h) {
      if (list.tickets[h]) list.tickets[h][3] = 1;
      return store("admitted", "readwrite", function (s) {
        return s.put({ at: at, door: door() }, admittedKey(h));
      });
    });
  }

  // --- Status line ----------------------------------------------------------------------------

  var queued = 0;
  function showState() {
    var online = navigator.onLine && !lastFailure;
    el("door-network").dataset.state = online ? "online" : "offline";
    el("door-state").textContent = online ? T.online : T.offline;
    el("door-list").textContent = list
      ? fmt(T.list_saved, { count: list.count, when: hhmm(list.saved_at) })
      : T.no_list_yet;
    el("door-queue").textContent = queued ? fmt(T.queued, { count: queued }) : T.synced;
    el("door-queue").dataset.queued = queued;
  }

  function countQueue() {
    return store("queue", "readonly", function (s) { return s.getAll(); }).then(function (items) {
      queued = mine(items).length;
      showState();
      return mine(items);
    });
  }

  // --- Result: the full screen, the sound, the vibration -------------------------------------

  var audio = null;
  function unlockAudio() {
    if (audio || !(window.AudioContext || window.webkitAudioContext)) return;
    audio = new (window.AudioContext || window.webkitAudioContext)();
  }

  function tone(frequency, start, length) {
    var oscillator = audio.createOscillator();
    var gain = audio.createGain();
    oscillator.type = "square";
    oscillator.frequency.value = frequency;
    gain.gain.value = 0.08;
    oscillator.connect(gain).connect(audio.destination);
    oscillator.start(audio.currentTime + start);
    oscillator.stop(audio.currentTime + start + length);
  }

  function signalOut(signal) {
    if (audio) {
      if (signal === "ok") tone(1318, 0, 0.12);
      else if (signal === "warn") { tone(880, 0, 0.12); tone(880, 0.18, 0.12); }
      else tone(220, 0, 0.45);
    }
    if (navigator.vibrate) {
      navigator.vibrate(signal === "ok" ? 80 : signal === "warn" ? [80, 60, 80] : [400]);
    }
  }

  var busy = false; // a scan is being answered
  var closeTimer = null;
  var SIGNS = { ok: "✓", warn: "!", refused: "✕" };

  function show(result) {
    var signal = result.signal || "refused";
    var name = result.name || "";
    var message = result.message || "";
    if (kiosk) {
      message = signal === "ok" ? fmt(T.kiosk_welcome, { name: name }) : message + " " + T.kiosk_see_staff;
    }
    overlay.dataset.signal = signal;
    overlay.querySelector(".scan-result-sign").textContent = SIGNS[signal];
    overlay.querySelector(".scan-result-name").textContent = kiosk ? "" : name;
    overlay.querySelector(".scan-result-summary").textContent = kiosk ? "" : result.summary || "";
    overlay.querySelector(".scan-result-message").textContent = message;
    overlay.querySelector(".scan-result-note").textContent = result.note || "";
    overlay.hidden = false;
    var line = document.createElement("p");
    var kind = result.outcome === "accepted" ? "ok" : result.outcome === "duplicate" ? "again" : "refused";
    line.className = "message " + (signal === "ok" ? "message-success" : signal === "warn" ? "message-warn" : "message-error");
    line.dataset.result = kind;
    line.dataset.signal = signal;
    line.dataset.outcome = result.outcome || "";
    if (result.offline) line.dataset.offline = "1";
    line.textContent = message + (result.note ? " " + result.note : "");
    var holder = el("checkin-result");
    holder.textContent = "";
    holder.appendChild(line);
    signalOut(signal);
    busy = false;
    clearTimeout(closeTimer);
    closeTimer = setTimeout(closeResult, signal === "ok" ? 1500 : 3500);
  }

  function closeResult() {
    clearTimeout(closeTimer);
    overlay.hidden = true;
    if (!stream && input && !kiosk) input.focus();
  }

  el("scan-next").addEventListener("click", closeResult);
  overlay.addEventListener("click", function (event) {
    if (event.target === overlay) closeResult();
  });

  // --- A scan ---------------------------------------------------------------------------------

  function normalise(code) {
    code = String(code || "").replace(/\s+/g, "").toUpperCase();
    code = code.replace(/\/+$/, "");
    return code.slice(code.lastIndexOf("/") + 1);
  }

  function newScanId() {
    if (crypto.randomUUID) return crypto.randomUUID();
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 15) | 64;
    b[8] = (b[8] & 63) | 128;
    var h = Array.prototype.map.call(b, function (x) { return ("0" + x.toString(16)).slice(-2); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  var lastFailure = 0;
  var lastCode = "";
  var lastAt = 0;

  function handle(raw, fromCamera) {
    var code = normalise(raw);
    if (!code || busy) return;
    if (!fromCamera) closeResult();
    var now = Date.now();
    if (fromCamera && code === lastCode && now - lastAt < REPEAT_MS) return;
    lastCode = code;
    lastAt = now;
    busy = true;
    var scanId = newScanId();
    var when = new Date();
    var attempt = navigator.onLine ? online(code, scanId) : Promise.reject(new Error("offline"));
    attempt
      .then(function (result) {
        lastFailure = 0;
        showState();
        show(result);
        if (result.outcome === "accepted") rememberAdmitted(code, when.toISOString());
      })
      .catch(function (error) {
        if (error && error.refused) {
          refusedDevice();
          return;
        }
        if (error && error.answered) {
          show({ signal: "refused", message: error.answered });
          return;
        }
        lastFailure = Date.now();
        showState();
        decideOffline(code, scanId, when).then(show, function () {
          show({ signal: "refused", message: T.no_list });
        });
      });
  }

  function online(code, scanId) {
    var controller = window.AbortController ? new AbortController() : null;
    var timer = setTimeout(function () { if (controller) controller.abort(); }, SCAN_TIMEOUT_MS);
    return fetch(cfg.scanUrl, {
      method: "POST",
      headers: { Authorization: credential(), "Content-Type": "application/json" },
      body: JSON.stringify({ code: code, door: door(), scan: scanId }),
      signal: controller ? controller.signal : undefined,
    }).then(function (response) {
      clearTimeout(timer);
      if (response.status === 403) throw { refused: true };
      if (response.status === 400) {
        return response.json().then(function (data) { throw { answered: data.error }; });
      }
      if (!response.ok) throw new Error("status " + response.status);
      return response.json();
    }, function (error) {
      clearTimeout(timer);
      throw error;
    });
  }

  function refusedDevice() {
    show({ signal: "refused", message: kiosk ? T.kiosk_refused : T.pass_refused });
  }

  function arrivalNote(windowId, at) {
    var slot = windowId && list.windows[String(windowId)];
    if (!slot) return "";
    var grace = (list.grace_minutes || 0) * 60000;
    if (at < new Date(slot[0]).getTime() - grace) return fmt(T.early, { slot: slot[2] });
    if (at > new Date(slot[1]).getTime()) return fmt(T.late, { slot: slot[2] });
    return "";
  }

  // Decide on the saved list: refuse unknown, cancelled and waiting tickets; warn about one this
  // door admitted already (or that was in when the list was saved); admit and queue the rest.
  function decideOffline(code, scanId, when) {
    if (!list) return Promise.reject(new Error("no list"));
    return hash(code).then(function (h) {
      var entry = list.tickets[h];
      if (!entry) return { outcome: "unknown", signal: "refused", offline: true, message: fmt(T.unknown_offline, { code: code }) };
      var name = entry[0];
      if (entry[1] === "c") return { outcome: "cancelled", signal: "refused", offline: true, name: name, message: T.cancelled };
      if (entry[1] === "w") return { outcome: "waitlisted", signal: "refused", offline: true, name: name, message: T.waitlisted };
      if (list.closed) return { outcome: "closed", signal: "refused", offline: true, name: name, message: list.closed };
      return store("admitted", "readonly", function (s) { return s.get(admittedKey(h)); }).then(function (admitted) {
        if (admitted) {
          return { outcome: "duplicate", signal: "warn", offline: true, name: name, message: fmt(T.admitted_here, { name: name, when: hhmm(admitted.at) }) };
        }
        if (entry[3]) {
          return { outcome: "duplicate", signal: "warn", offline: true, name: name, message: fmt(T.in_before_list, { name: name }) };
        }
        var at = when.toISOString();
        var item = { scan: scanId, fair: fairId, code: code, scanned_at: at, door: door() };
        return store("queue", "readwrite", function (s) { return s.put(item); })
          .then(function () { return rememberAdmitted(code, at); })
          .then(countQueue)
          .then(function () {
            var note = arrivalNote(entry[2], when.getTime());
            return { outcome: "accepted", signal: note ? "warn" : "ok", offline: true, name: name, note: note, message: fmt(T.admitted_offline, { name: name }) };
          });
      });
    });
  }

  // --- Sync -----------------------------------------------------------------------------------

  var syncing = false;
  function sync() {
    if (syncing || !navigator.onLine) return Promise.resolve();
    syncing = true;
    return countQueue()
      .then(function (items) {
        if (!items.length) return null;
        items.sort(function (a, b) { return a.scanned_at < b.scanned_at ? -1 : 1; });
        var batch = items.slice(0, 200);
        return fetch(cfg.syncUrl, {
          method: "POST",
          headers: { Authorization: credential(), "Content-Type": "application/json" },
          body: JSON.stringify({ scans: batch.map(function (i) { return { scan: i.scan, code: i.code, scanned_at: i.scanned_at, door: i.door }; }) }),
        }).then(function (response) {
          if (response.status === 403) { refusedDevice(); throw new Error("refused"); }
          if (!response.ok) throw new Error("status " + response.status);
          return response.json();
        }).then(function (data) {
          lastFailure = 0;
          return store("queue", "readwrite", function (s) {
            data.results.forEach(function (r) { s.delete(r.scan); });
          }).then(function () {
            var conflicts = data.results.filter(function (r) { return r.conflict; });
            return store("conflicts", "readwrite", function (s) {
              conflicts.forEach(function (r) { r.fair = fairId; s.put(r); });
            });
          }).then(function () { return items.length > batch.length; });
        });
      })
      .then(function (more) {
        syncing = false;
        return showConflicts().then(countQueue).then(function () { if (more) return sync(); });
      }, function () {
        syncing = false;
        lastFailure = Date.now();
        showState();
      });
  }

  function showConflicts() {
    return store("conflicts", "readonly", function (s) { return s.getAll(); }).then(function (items) {
      items = mine(items);
      var section = el("conflicts");
      var ul = el("conflict-list");
      ul.textContent = "";
      items.forEach(function (item) {
        var li = document.createElement("li");
        li.dataset.outcome = item.outcome;
        li.textContent = item.message;
        ul.appendChild(li);
      });
      section.hidden = !items.length;
      section.dataset.count = items.length;
    });
  }

  el("conflicts-clear").addEventListener("click", function () {
    store("conflicts", "readwrite", function (s) {
      return s.getAll();
    }).then(function (items) {
      return store("conflicts", "readwrite", function (s) {
        mine(items).forEach(function (item) { s.delete(item.scan); });
      });
    }).then(showConflicts);
  });

  // --- Camera ---------------------------------------------------------------------------------

  var stream = null;
  var detector = null;

  function problem(text) {
    var p = el("camera-problem");
    p.textContent = text;
    p.hidden = !text;
  }

  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = src;
      script.onload = resolve;
      script.onerror = reject;
      document.head.appendChild(script);
    });
  }

  function zxingDetector() {
    return loadScript(cfg.decoderUrl).then(function () {
      var api = window.BarcodeDetectionAPI;
      api.setZXingModuleOverrides({
        locateFile: function (path, prefix) {
          return path.slice(-5) === ".wasm" ? cfg.wasmUrl : prefix + path;
        },
      });
      return api.prepareZXingModule({ fireImmediately: true }).then(function () {
        el("decoder").dataset.decoder = "zxing";
        el("decoder").textContent = T.decoder_zxing;
        return new api.BarcodeDetector({ formats: ["qr_code"] });
      });
    });
  }

  function getDetector() {
    if (detector) return Promise.resolve(detector);
    var native = "BarcodeDetector" in window && window.BarcodeDetector.getSupportedFormats
      ? window.BarcodeDetector.getSupportedFormats().then(function (formats) { return formats.indexOf("qr_code") >= 0; }, function () { return false; })
      : Promise.resolve(false);
    return native.then(function (hasQr) {
      if (hasQr) {
        el("decoder").dataset.decoder = "native";
        el("decoder").textContent = T.decoder_native;
        return new window.BarcodeDetector({ formats: ["qr_code"] });
      }
      return zxingDetector();
    }).then(function (found) {
      detector = found;
      return found;
    });
  }

  function startCamera() {
    unlockAudio();
    problem("");
    if (!window.isSecureContext) { problem(T.camera_needs_https); return; }
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) { problem(T.camera_missing); return; }
    getDetector().then(function () {
      return navigator.mediaDevices.getUserMedia({ video: { facingMode: kiosk ? "user" : "environment" }, audio: false })
        .then(function (media) {
          stream = media;
          video.srcObject = media;
          video.hidden = false;
          el("start-scan").hidden = true;
          el("stop-scan").hidden = false;
          offerTorch(media.getVideoTracks()[0]);
          return video.play();
        }, function () { problem(T.camera_denied); });
    }, function () { problem(T.decoder_failed); }).then(function () {
      if (stream) tick();
    });
  }

  function stopCamera() {
    if (stream) stream.getTracks().forEach(function (track) { track.stop(); });
    stream = null;
    video.hidden = true;
    el("start-scan").hidden = false;
    el("stop-scan").hidden = true;
    el("torch").hidden = true;
  }

  function tick() {
    if (!stream) return;
    var next = function () { setTimeout(tick, 150); };
    if (busy || !overlay.hidden || video.readyState < 2) { next(); return; }
    detector.detect(video).then(function (codes) {
      if (codes && codes.length) handle(codes[0].rawValue, true);
      next();
    }, next);
  }

  var torchOn = false;
  function offerTorch(track) {
    var button = el("torch");
    var capabilities = track && track.getCapabilities ? track.getCapabilities() : {};
    if (!capabilities.torch) { button.hidden = true; return; }
    button.hidden = false;
    button.onclick = function () {
      torchOn = !torchOn;
      track.applyConstraints({ advanced: [{ torch: torchOn }] }).then(function () {
        button.setAttribute("aria-pressed", torchOn ? "true" : "false");
        button.textContent = torchOn ? T.torch_on : T.torch_off;
      }, function () { torchOn = !torchOn; });
    };
  }

  el("start-scan").addEventListener("click", startCamera);
  el("stop-scan").addEventListener("click", stopCamera);
  if (!window.isSecureContext) problem(T.camera_needs_https);

  // --- The typed code -------------------------------------------------------------------------

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    unlockAudio();
    if (busy) return;
    var value = input.value;
    input.value = "";
    handle(value, false);
  });

  // --- The page kept by the service worker ----------------------------------------------------

  function keepPage() {
    if (!("serviceWorker" in navigator)) return;
    var urls = [location.pathname, cfg.manifestUrl, cfg.decoderUrl, cfg.wasmUrl];
    document.querySelectorAll("link[rel=stylesheet], link[rel=icon], script[src]").forEach(function (node) {
      urls.push(node.getAttribute("href") || node.getAttribute("src"));
    });
    navigator.serviceWorker.register(cfg.swUrl, { scope: cfg.swScope }).then(function () {
      return navigator.serviceWorker.ready;
    }).then(function (registration) {
      registration.active.postMessage({ type: "keep", urls: urls });
    }).catch(function () { /* no worker: the page works while it stays open */ });
  }

  window.addEventListener("online", function () { lastFailure = 0; showState(); sync(); refreshList(); });
  window.addEventListener("offline", showState);
  setInterval(sync, 10000);
  setInterval(refreshList, 60000);

  loadList().then(countQueue).then(showConflicts).then(refreshList).then(sync);
  showState();
  keepPage();
})();
