(function () {
  "use strict";
  // Outcomes posted with no signal wait here (this phone only) and are sent once it returns. Resending is safe:
  // the server stores the same outcome once (its time is fixed when the visitor taps Save).
  var KEY = "outreach-outbox", body = document.body, box = document.getElementById("queue");
  if (!box || !window.fetch || !window.localStorage || !window.URLSearchParams) { return; }
  function load() { try { return JSON.parse(localStorage.getItem(KEY)) || []; } catch (e) { return []; } }
  function save(items) { try { localStorage.setItem(KEY, JSON.stringify(items)); } catch (e) { /* full: the form still posts */ } }
  function say(text) { box.textContent = text; box.hidden = !text; }
  function show() {
    var items = load();
    say(items.length ? body.dataset.wait.replace("{n}", items.length) + items.map(function (i) { return i.label; }).join("、") : "");
  }
  function chinaNow() { return new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 16); }
  function post(url, data) {
    var abort = window.AbortController ? new AbortController() : null, timer = abort && setTimeout(function () { abort.abort(); }, 20000);
    return fetch(url, { method: "POST", body: data, credentials: "omit", redirect: "follow", signal: abort && abort.signal,
      headers: { "Content-Type": "application/x-www-form-urlencoded" } })
      .then(function (r) { clearTimeout(timer); return r; }, function (e) { clearTimeout(timer); throw e; });
  }
  var sending = false;
  function flush() {
    var items = load();
    if (sending || !items.length) { return; }
    sending = true;
    var item = items[0];
    post(item.url, item.data).then(function (r) {
      // Answered: stored, or refused for good (a resend would be refused again). Either way it leaves the queue.
      save(load().filter(function (i) { return i.id !== item.id; }));
      sending = false;
      var rest = load().length;
      say((r.redirected ? body.dataset.sent : body.dataset.failed) + item.label + (rest ? "；" + body.dataset.wait.replace("{n}", rest) : ""));
      flush();
    }, function () { sending = false; show(); });
  }
  document.addEventListener("input", function (e) { if (e.target.name === "visitedAt") { e.target.dataset.touched = "1"; } });
  document.addEventListener("click", function (e) {
    var button = e.target.closest && e.target.closest("button[name=more]");
    if (!button) { return; }
    var sets = button.form.querySelectorAll("fieldset.p"), last = sets[sets.length - 1];
    if (sets.length >= 20) { return; }
    e.preventDefault();
    var copy = last.cloneNode(true), n = sets.length;
    copy.querySelectorAll("[name]").forEach(function (i) {
      i.name = i.name.replace(/\[\d+\]/, "[" + n + "]");
      if (i.type === "checkbox") { i.checked = false; } else { i.value = ""; }
    });
    copy.querySelectorAll(".err").forEach(function (x) { x.remove(); });
    copy.querySelector("legend").textContent = body.dataset.problem.replace("{n}", n + 1);
    last.after(copy);
  });
  document.addEventListener("submit", function (e) {
    var form = e.target;
    if (!form.hasAttribute("data-offline") || form.dataset.native) { return; }
    e.preventDefault();
    if (form.dataset.busy) { return; }
    form.dataset.busy = "1";
    var time = form.elements.visitedAt;
    if (time && !time.dataset.touched && !form.elements.ifMatch) { time.value = chinaNow(); }
    var item = { id: Date.now() + "-" + Math.random(), url: form.action, label: form.dataset.label,
      data: new URLSearchParams(new FormData(form)).toString() };
    post(item.url, item.data).then(function (r) {
      if (r.redirected) { location.assign(r.url); return; }
      // Fields to fix or a conflict: let the server's page say so, by posting the form as a page.
      form.dataset.native = "1";
      form.submit();
    }, function () {
      var items = load();
      items.push(item);
      save(items);
      delete form.dataset.busy;
      form.closest("details").open = false;
      show();
    });
  });
  window.addEventListener("online", flush);
  setInterval(flush, 30000);
  show();
  flush();
})();
