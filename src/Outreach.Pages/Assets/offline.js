(function () {
"use strict";
// Outcomes saved with no signal wait here (on this phone only) and are sent once it returns. A resend is safe: the
// server stores the same outcome once, and its time was fixed when the visitor tapped Save.
var KEY = "outreach-outbox", d = document.body.dataset, box = document.getElementById("queue"), busy = false;
if (!box || !window.fetch || !window.localStorage) { return; }
function load() { try { return JSON.parse(localStorage.getItem(KEY)) || []; } catch (e) { return []; } }
function save(q) { try { localStorage.setItem(KEY, JSON.stringify(q)); } catch (e) { /* full: the form still posts */ } }
function say(t) { box.textContent = t; box.hidden = !t; }
function waiting(q) { return q.length ? d.wait.replace("{n}", q.length) + q.map(function (i) { return i.label; }).join("、") : ""; }
function post(i) {
// A post that hangs on one bar of signal counts as failed after 20 s: it stays queued.
var c = window.AbortController && new AbortController(), t = c && setTimeout(function () { c.abort(); }, 20000);
return fetch(i.url, { method: "POST", body: i.data, credentials: "omit", signal: c && c.signal,
headers: { "Content-Type": "application/x-www-form-urlencoded" } })
.finally(function () { clearTimeout(t); });
}
// A server that is down or overloaded (5xx, 408, 429) has not answered yet: the outcome stays queued.
function later(r) { return r.status >= 500 || r.status === 408 || r.status === 429; }
function flush() {
var q = load();
if (busy || !q.length) { return; }
busy = true;
post(q[0]).then(function (r) {
busy = false;
if (later(r)) { say(waiting(load())); return; }
// Answered: stored, or refused for good (a resend would be refused again). Either way it leaves the queue.
var rest = load().filter(function (i) { return i.id !== q[0].id; });
save(rest);
say((r.redirected ? d.sent : d.failed) + q[0].label + (rest.length ? "；" + waiting(rest) : ""));
flush();
}, function () { busy = false; say(waiting(load())); });
}
document.addEventListener("input", function (e) { if (e.target.name === "visitedAt") { e.target.dataset.touched = "1"; } });
document.addEventListener("click", function (e) {
// Another problem row, a copy of the page's empty one, added here instead of by the server.
var b = e.target.closest && e.target.closest("button[name=more]"), empty = document.getElementById("problem-row");
if (!b || !empty || !empty.content) { return; }
e.preventDefault();
var rows = b.form.querySelectorAll("fieldset.p"), n = rows.length, row = empty.content.firstElementChild.cloneNode(true);
if (n >= +d.max) { return; }
row.querySelectorAll("[name]").forEach(function (i) { i.name = i.name.replace(/\[\d+\]/, "[" + n + "]"); });
row.querySelector("legend").textContent = d.problem.replace("{n}", n + 1);
if (n) { rows[n - 1].after(row); } else { b.before(row); }
});
document.addEventListener("submit", function (e) {
var f = e.target;
if (!f.hasAttribute("data-offline") || f.dataset.native) { return; }
e.preventDefault();
if (f.dataset.busy) { return; }
f.dataset.busy = "1";
// The time of the visit is when Save was first tapped, in China time (UTC+8, 288e5 ms), unless the visitor set it;
// then it stays, so that saving again sends the same outcome (stored once) rather than a conflicting one.
var time = f.elements.visitedAt;
if (time && time.hasAttribute("data-auto") && !time.dataset.touched) { time.value = new Date(Date.now() + 288e5).toISOString().slice(0, 16); }
if (time) { time.dataset.touched = "1"; }
var item = { id: Date.now() + "-" + Math.random(), url: f.action, label: f.closest("article").querySelector("h2").textContent,
data: new URLSearchParams(new FormData(f)).toString() };
function queue() {
var q = load();
q.push(item);
save(q);
delete f.dataset.busy;
f.closest("details").open = false;
say(waiting(q));
}
post(item).then(function (r) {
if (r.redirected) { location.assign(r.url); return; }
if (later(r)) { queue(); return; }
// Fields to fix, or a conflict: the server's page says which, so post the form as a page.
f.dataset.native = "1";
f.submit();
}, queue);
});
window.addEventListener("online", flush);
setInterval(flush, 30000);
say(waiting(load()));
flush();
})();
