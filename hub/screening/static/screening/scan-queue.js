// The scan page's offline queue: when the phone has no connection, a scan is kept in
// localStorage with its idempotency key and replayed through the batch endpoint once the
// connection is back. The server answers a replayed key with the first reply, so nothing is
// lost and nothing is counted twice. Without JavaScript the form posts as usual.
(function () {
  "use strict";
  var form = document.querySelector("form[data-offline-batch]");
  if (!form) return;
  var url = form.getAttribute("data-offline-batch");
  var storeKey = "shouwang.scan-queue:" + url;

  function load() {
    try { return JSON.parse(localStorage.getItem(storeKey) || "[]"); } catch (e) { return []; }
  }
  function save(items) { localStorage.setItem(storeKey, JSON.stringify(items)); }
  function csrf() {
    var input = form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }
  function status() {
    var el = form.querySelector("[data-queue-status]");
    var n = load().length;
    if (el) el.textContent = n ? n + " ⟳" : "";
  }
  function newKey() {
    var input = form.querySelector("input[name=idempotency_key]");
    var key = (window.crypto && crypto.randomUUID) ? crypto.randomUUID().replace(/-/g, "") : String(Date.now()) + Math.random().toString(16).slice(2);
    if (input) input.value = key;
  }

  function flush() {
    var items = load();
    if (!items.length || !navigator.onLine) return;
    fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf() },
      body: JSON.stringify({ point: items[0].point || null, items: items }),
    }).then(function (response) {
      if (!response.ok) return;
      return response.json().then(function (body) {
        var done = {};
        (body.results || []).forEach(function (r) { done[r.idempotency_key] = true; });
        save(load().filter(function (item) { return !done[item.idempotency_key]; }));
        status();
      });
    }).catch(function () { /* still offline: keep the queue */ });
  }

  form.addEventListener("submit", function (event) {
    if (navigator.onLine) return;
    event.preventDefault();
    var data = new FormData(form);
    var items = load();
    items.push({
      idempotency_key: data.get("idempotency_key"),
      code: data.get("code"),
      tube: data.get("tube"),
      point: data.get("point") ? Number(data.get("point")) : null,
      retest: data.get("retest") === "on",
      scanned_at: new Date().toISOString(),
    });
    save(items);
    form.querySelector("[name=code]").value = "";
    newKey();
    status();
  }, true);

  document.body.addEventListener("htmx:afterSwap", status);
  window.addEventListener("online", flush);
  status();
  flush();
})();
