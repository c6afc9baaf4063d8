/*
 * Camera scanning for any <input data-scan> (shared: supplies and screening rely on it).
 *
 * Contract: every <input data-scan> gets a camera button next to it; a code read by the camera
 * fills the input and submits its form. Typing, or a USB scanner (keystrokes then Enter),
 * submits the form as any input does, with no camera at all. The button's label comes from
 * the input's data-scan-label (the page translates it); data-scan-close labels the close button.
 *
 * Decoding: @zxing/browser's UMD build (pure JavaScript, served by Django from node_modules,
 * no CDN and no WebAssembly download), loaded by the page before this file.
 */
(function () {
  "use strict";

  function canScan() {
    return !!(window.ZXingBrowser && navigator.mediaDevices && navigator.mediaDevices.getUserMedia);
  }

  function submit(input) {
    var form = input.form;
    if (!form) return;
    if (typeof form.requestSubmit === "function") form.requestSubmit();
    else form.submit();
  }

  function open(input) {
    var overlay = document.createElement("div");
    overlay.className = "scan-overlay";
    var video = document.createElement("video");
    video.className = "scan-video";
    video.setAttribute("playsinline", "");
    video.muted = true;
    var close = document.createElement("button");
    close.type = "button";
    close.className = "secondary wide";
    close.textContent = input.dataset.scanClose || "×";
    overlay.appendChild(video);
    overlay.appendChild(close);
    document.body.appendChild(overlay);

    var controls = null;
    function finish() {
      if (controls) controls.stop();
      overlay.remove();
    }
    close.addEventListener("click", finish);
    var reader = new window.ZXingBrowser.BrowserMultiFormatReader();
    reader
      .decodeFromVideoDevice(undefined, video, function (result, _error, ctl) {
        controls = ctl;
        if (result) {
          finish();
          input.value = result.getText();
          input.dispatchEvent(new Event("input", { bubbles: true }));
          submit(input);
        }
      })
      .then(function (ctl) {
        controls = ctl;
      })
      .catch(function () {
        finish();
        input.focus();
      });
  }

  function enhance(root) {
    if (!canScan()) return;
    var inputs = (root || document).querySelectorAll("input[data-scan]:not([data-scan-ready])");
    Array.prototype.forEach.call(inputs, function (input) {
      input.setAttribute("data-scan-ready", "");
      var button = document.createElement("button");
      button.type = "button";
      button.className = "secondary scan-button";
      button.textContent = input.dataset.scanLabel || "📷";
      button.addEventListener("click", function () {
        open(input);
      });
      input.insertAdjacentElement("afterend", button);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    enhance(document);
  });
  document.addEventListener("htmx:load", function (event) {
    enhance(event.target);
  });
})();
