// Live screens of the queue: the lobby display, the phone page, the wait times.
// One server-sent-events stream per page (data-live); when it cannot be had or
// drops for good, the page reloads itself every data-reload seconds, so a
// screen never stays stale. No inline script: CSP without 'unsafe-inline'.
(function () {
  "use strict";
  var root = document.querySelector("[data-live]");
  if (!root) { return; }
  var reloadMs = (parseInt(root.getAttribute("data-reload"), 10) || 20) * 1000;
  var fallback = null;

  function reloadLater() {
    if (fallback === null) { fallback = window.setTimeout(function () { window.location.reload(); }, reloadMs); }
  }
  function alive() {
    if (fallback !== null) { window.clearTimeout(fallback); fallback = null; }
  }
  function url() {
    var port = root.getAttribute("data-live-port");
    var base = port ? window.location.protocol + "//" + window.location.hostname + ":" + port : "";
    return base + root.getAttribute("data-live");
  }
  function setField(scope, name, value) {
    var el = scope.querySelector('[data-field="' + name + '"]');
    if (el && el.textContent !== String(value)) { el.textContent = value; }
  }
  function chime() {
    try {
      var Ctx = window.AudioContext || window.webkitAudioContext;
      if (!Ctx) { return; }
      var ctx = chime.ctx || (chime.ctx = new Ctx());
      [0, 0.35].forEach(function (at, i) {
        var o = ctx.createOscillator(), g = ctx.createGain();
        o.frequency.value = i ? 659 : 880;
        g.gain.setValueAtTime(0.2, ctx.currentTime + at);
        g.gain.exponentialRampToValueAtTime(0.001, ctx.currentTime + at + 0.3);
        o.connect(g); g.connect(ctx.destination);
        o.start(ctx.currentTime + at); o.stop(ctx.currentTime + at + 0.3);
      });
    } catch (e) { /* no sound: the numbers still show */ }
  }

  var lastTop = null;
  function display(state) {
    var body = document.getElementById("calling");
    var rows = document.createDocumentFragment();
    state.calling.forEach(function (c, i) {
      var tr = document.createElement("tr");
      if (i === 0) { tr.className = "latest"; }
      var n = document.createElement("td"); n.className = "number"; n.textContent = c.number;
      var w = document.createElement("td"); w.className = "window"; w.textContent = c.window;
      tr.appendChild(n); tr.appendChild(w); rows.appendChild(tr);
    });
    if (!state.calling.length) {
      var tr = document.createElement("tr"), td = document.createElement("td");
      td.colSpan = 2; td.innerHTML = document.getElementById("none-text").innerHTML;  // our own markup: three languages
      tr.appendChild(td); rows.appendChild(tr);
    }
    body.replaceChildren(rows);
    var next = document.getElementById("next");
    var items = document.createDocumentFragment();
    state.next.forEach(function (n) { var li = document.createElement("li"); li.textContent = n; items.appendChild(li); });
    next.replaceChildren(items);
    var top = state.calling.length ? state.calling[0].number + "@" + state.calling[0].window : null;
    if (lastTop !== null && top !== null && top !== lastTop) { chime(); }
    lastTop = top;
    root.setAttribute("data-version", state.version);
  }
  function ticket(view) {
    ["number", "ahead", "wait"].forEach(function (k) { setField(root, k, view[k]); });
    var status = root.querySelector('[data-field="status"]');
    // The status is the server's own escaped HTML (easy Japanese has ruby readings).
    if (status) { if (status.innerHTML !== view.status) { status.innerHTML = view.status; } status.classList.toggle("called", !!view.called); }
    if (view.called && ticket.wasCalled === false) { chime(); }
    ticket.wasCalled = !!view.called;
    root.setAttribute("data-version", view.version);
  }
  function waits(data) {
    data.groups.forEach(function (g) {
      var row = root.querySelector('[data-group="' + g.group + '"]');
      if (!row) { return; }
      setField(row, "waiting", g.waiting); setField(row, "minutes", g.minutes); setField(row, "now_calling", g.now_calling);
    });
  }

  if (!window.EventSource) { reloadLater(); return; }
  var kind = root.getAttribute("data-kind");
  var source = new EventSource(url());
  var handlers = { display: ["state", display], ticket: ["ticket", ticket], waits: ["waits", waits] };
  var h = handlers[kind];
  source.addEventListener(h[0], function (e) {
    alive();
    var data = JSON.parse(e.data);
    h[1](data);
    if (data.final) { source.close(); }
  });
  source.onopen = alive;
  // EventSource retries by itself; if it stays down, reload (the plain fallback).
  source.onerror = function () { reloadLater(); };
}());
