// The built-in labelling page, served at / when no web UI folder is configured: sign in, pick a project, label
// with the keyboard (1–9 pick a class, Enter submits, S skips). The full web UI (@vox/web) replaces it.
export const BUILTIN_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>vox</title>
<style>
body{font:16px/1.5 system-ui,sans-serif;max-width:760px;margin:2rem auto;padding:0 1rem;color:#222}
button{font:inherit;padding:.4rem .9rem;margin:.2rem;border:1px solid #888;border-radius:6px;background:#f6f6f6;cursor:pointer}
button.on{background:#2b6cb0;color:#fff;border-color:#2b6cb0}
input,textarea{font:inherit;padding:.4rem;border:1px solid #aaa;border-radius:6px}
.card{border:1px solid #ddd;border-radius:10px;padding:1rem 1.2rem;margin:1rem 0;white-space:pre-wrap}
.muted{color:#777;font-size:.9rem}.err{color:#b00020}
.pair{display:grid;grid-template-columns:1fr 1fr;gap:1rem}
img{max-width:100%}
</style></head><body>
<h1>vox</h1><div id="app"></div>
<script>
const $ = (h) => { const d = document.createElement("div"); d.innerHTML = h; return d; };
const esc = (s) => String(s ?? "").replace(/[&<>"']/g, (c) => ({"&":"&amp;","<":"&lt;",">":"&gt;",'"':"&quot;","'":"&#39;"}[c]));
let token = localStorage.getItem("vox_token");
async function api(method, path, body) {
  const r = await fetch("/api" + path, { method, headers: { "content-type": "application/json", ...(token ? { authorization: "Bearer " + token } : {}) }, body: body === undefined ? undefined : JSON.stringify(body) });
  const j = await r.json().catch(() => ({}));
  if (r.status === 401) { token = null; localStorage.removeItem("vox_token"); }
  if (!r.ok) throw new Error(j.error ? j.error.message : r.statusText);
  return j;
}
const app = document.getElementById("app");
function show(node) { app.replaceChildren(node); }
function login(msg) {
  const n = $('<p>Sign in (the demo prints a name and password).</p><form><input name=n placeholder=name autofocus> <input name=p type=password placeholder=password> <button>Sign in</button></form><p class=err>' + esc(msg) + '</p>');
  n.querySelector("form").onsubmit = async (e) => { e.preventDefault(); try { const r = await api("POST", "/auth/login", { name: e.target.n.value, password: e.target.p.value }); token = r.token; localStorage.setItem("vox_token", token); projects(); } catch (err) { login(err.message); } };
  show(n);
}
async function projects() {
  try {
    const list = await api("GET", "/projects");
    const n = $("<p>Your projects:</p>");
    for (const p of list) { const b = document.createElement("button"); b.textContent = p.name; b.onclick = () => label(p); n.append(b); }
    if (!list.length) n.append("No projects yet: ask an admin to add you.");
    show(n);
  } catch (e) { login(e.message); }
}
function view(data) {
  if (data && typeof data === "object") {
    let h = "";
    if (data.image) h += '<img alt="" src="' + esc(/^https?:/.test(data.image) ? data.image : "/api/media/" + data.image) + '">';
    if (data.a !== undefined && data.b !== undefined) h += (data.prompt ? "<p>" + esc(data.prompt) + "</p>" : "") + '<div class=pair><div class=card><b>A</b><br>' + esc(data.a) + '</div><div class=card><b>B</b><br>' + esc(data.b) + "</div></div>";
    else if (data.text !== undefined) h += '<div class=card>' + esc(data.text) + "</div>";
    return h || '<pre class=card>' + esc(JSON.stringify(data, null, 2)) + "</pre>";
  }
  return '<div class=card>' + esc(data) + "</div>";
}
async function label(p) {
  let task;
  try { task = await api("POST", "/projects/" + p.id + "/next"); } catch (e) { return show($('<p class=err>' + esc(e.message) + '</p>')); }
  if (task.done) { const n = $("<p>All done here: " + esc(task.reason) + ". Thank you!</p><button>Back</button>"); n.querySelector("button").onclick = projects; return show(n); }
  const s = p.schema, started = Date.now();
  let opts = s.type === "single" || s.type === "multi" || s.type === "spans" ? s.classes : s.type === "pairwise" ? (s.allowTie ? ["a", "b", "tie"] : ["a", "b"]) : s.type === "rating" ? Array.from({ length: Math.round((s.max - s.min) / s.step) + 1 }, (_, i) => String(s.min + i * s.step)) : [];
  const chosen = new Set();
  const n = $('<p class=muted>' + esc(p.name) + ' · keys: 1–9 choose, Enter submit, S skip</p>' + view(task.item.data) + '<div id=opts></div>' + (s.type === "text" ? "<textarea id=t rows=4 style=width:100%></textarea>" : "") + '<p><button id=go>Submit ⏎</button><button id=sk>Skip (S)</button></p><p class=err id=er></p>');
  const box = n.querySelector("#opts");
  const buttons = opts.map((o, i) => { const b = document.createElement("button"); b.textContent = (i < 9 ? i + 1 + " · " : "") + o; b.onclick = () => pick(i); box.append(b); return b; });
  function pick(i) { if (s.type === "multi") { chosen.has(i) ? chosen.delete(i) : chosen.add(i); } else { chosen.clear(); chosen.add(i); } buttons.forEach((b, k) => b.classList.toggle("on", chosen.has(k))); }
  async function submit() {
    const k = [...chosen];
    const value = s.type === "single" ? { label: opts[k[0]] } : s.type === "multi" ? { labels: k.map((i) => opts[i]) } : s.type === "pairwise" ? { choice: opts[k[0]] } : s.type === "rating" ? { rating: Number(opts[k[0]]) } : s.type === "text" ? { text: n.querySelector("#t").value } : { spans: [] };
    try { await api("POST", "/projects/" + p.id + "/annotations", { id: crypto.randomUUID(), itemId: task.item.id, value, durationMs: Date.now() - started }); document.onkeydown = null; label(p); }
    catch (e) { n.querySelector("#er").textContent = e.message; }
  }
  async function skip() { await api("POST", "/assignments/" + task.assignment.id + "/skip"); document.onkeydown = null; label(p); }
  n.querySelector("#go").onclick = submit; n.querySelector("#sk").onclick = skip;
  document.onkeydown = (e) => { if (e.target.tagName === "TEXTAREA") return; if (e.key >= "1" && e.key <= "9" && +e.key <= opts.length) pick(+e.key - 1); else if (e.key === "Enter") submit(); else if (e.key === "s" || e.key === "S") skip(); };
  show(n);
}
token ? projects() : login("");
</script></body></html>`;
