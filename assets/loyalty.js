// Small browser helpers for the back office: session cookie exchange, sign out, terminal focus and keypads.
(function () {
  const FIELDS = "input, textarea, select, [contenteditable='true']";
  const lookup = () => document.getElementById("lookup-input");
  // Radix keeps a closing dialog in the page for its exit animation, with data-state="closed".
  const dialogOpen = () => !!document.querySelector(
    "[role='dialog'][data-state='open'], [role='alertdialog'][data-state='open'], [role='listbox']");
  const typingElsewhere = () => {
    const active = document.activeElement;
    return !!(active && active !== lookup() && active.matches && active.matches(FIELDS)
      && !active.closest("[data-state='closed']"));
  };

  window.loyaltySession = {
    // Trade a login ticket for the HttpOnly session cookie, then go where the user was going.
    open: async function (ticket, next) {
      const r = await fetch("/api/v1/auth/session", {
        method: "POST", credentials: "same-origin",
        headers: { "Content-Type": "application/json" }, body: JSON.stringify({ ticket: ticket }),
      });
      if (r.ok) window.location.assign(next || "/");
      return r.ok;
    },
    close: async function (next) {
      await fetch("/api/v1/auth/session", { method: "DELETE", credentials: "same-origin" });
      window.location.assign("/login" + (next ? "?next=" + encodeURIComponent(next) : ""));
    },
  };

  window.loyaltyTerminal = {
    // Also after a dialog closes, when Radix hands focus back to the button that opened it.
    focusLookup: function () {
      [0, 80, 200, 400].forEach(function (ms) {
        setTimeout(function () {
          const el = lookup();
          if (el && !dialogOpen() && !typingElsewhere()) el.focus();
        }, ms);
      });
    },
    // Keypad buttons type into an input without a round trip to the server.
    key: function (id, key) {
      const el = document.getElementById(id);
      if (!el) return;
      if (key === "back") el.value = el.value.slice(0, -1);
      else if (key === "clear") el.value = "";
      else el.value = el.value + key;
      el.focus();
    },
    clear: function (id) { const el = document.getElementById(id); if (el) el.value = ""; },
    // Camera scanning where the browser can decode QR codes (BarcodeDetector) and open a camera (https).
    camera: async function (closeLabel) {
      if (!cameraScanning) return;
      const detector = new window.BarcodeDetector({ formats: ["qr_code"] });
      let stream;
      try {
        stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } });
      } catch (e) { return; }
      const box = document.createElement("div");
      box.setAttribute("role", "dialog"); box.setAttribute("data-state", "open"); box.setAttribute("aria-modal", "true");
      box.style.cssText = "position:fixed;inset:0;z-index:1000;background:#000d;display:flex;flex-direction:column;"
        + "align-items:center;justify-content:center;gap:16px";
      const video = document.createElement("video");
      video.playsInline = true; video.muted = true; video.srcObject = stream;
      video.style.cssText = "max-width:90vw;max-height:70vh;border-radius:12px";
      const close = document.createElement("button");
      close.textContent = closeLabel;
      close.style.cssText = "min-height:48px;min-width:120px;font-size:18px;border-radius:8px";
      box.append(video, close);
      document.body.append(box);
      let done = false;
      const stop = function () {
        done = true; stream.getTracks().forEach(function (t) { t.stop(); }); box.remove();
        window.loyaltyTerminal.focusLookup();
      };
      close.onclick = stop;
      box.addEventListener("keydown", function (e) { if (e.key === "Escape") stop(); });
      close.focus();
      await video.play();
      const tick = async function () {
        if (done) return;
        try {
          const codes = await detector.detect(video);
          if (codes.length && lookup()) {
            stop();
            lookup().value = codes[0].rawValue;
            lookup().form.requestSubmit();
            return;
          }
        } catch (e) { /* a frame that could not be read: try the next */ }
        setTimeout(tick, 250);
      };
      tick();
    },
  };

  const cameraScanning = "BarcodeDetector" in window && !!(navigator.mediaDevices && navigator.mediaDevices.getUserMedia);
  if (cameraScanning) {
    const style = document.createElement("style");
    style.textContent = ".camera-scan { display: inline-flex !important; }";
    document.head.append(style);
  }

  // A scanner is a keyboard: when nothing that takes text has focus, send typing to the lookup field.
  document.addEventListener("keydown", function (e) {
    const el = lookup();
    if (!el || dialogOpen() || typingElsewhere() || e.ctrlKey || e.metaKey || e.altKey) return;
    if (document.activeElement !== el && e.key.length === 1 && e.key !== " ") el.focus();
  }, true);
})();
