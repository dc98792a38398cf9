// The built-in labelling page in a real (headless) Chromium: sign in as the demo user, open the project, label three
// items with the keyboard (1–3, Enter), and find the judgments stored. Skips when Chromium is not installed.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir } from "../test-support/index.js";
import { startServerProcess } from "./_server.js";

const CHROMIUM = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].find((p) =>
  existsSync(p),
);
if (!CHROMIUM) console.warn("skipping the browser test of the built-in page: no Chromium found");
const dir = tempDir();

// Same origin as the page: drives it inside an iframe and reports into #log, which --dump-dom prints.
const HARNESS = `<!doctype html><html><body><pre id=log>start</pre><iframe id=f width=800 height=600></iframe><script>
const log = (s) => (document.getElementById("log").textContent += "\\n" + s);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
(async () => {
  localStorage.removeItem("vox_token");
  const f = document.getElementById("f");
  f.src = "/";
  await sleep(1000);
  const d = () => f.contentDocument;
  d().querySelector("input[name=n]").value = "demo";
  d().querySelector("input[name=p]").value = "demo";
  d().querySelector("form").requestSubmit();
  await sleep(1000);
  log("projects: " + [...d().querySelectorAll("button")].map((b) => b.textContent).join(","));
  d().querySelector("button").click();
  await sleep(1000);
  for (let k = 0; k < 3; k++) {
    log("item: " + (d().querySelector(".card") || {}).textContent);
    for (const key of [String(k + 1), "Enter"]) d().dispatchEvent(new KeyboardEvent("keydown", { key, bubbles: true }));
    await sleep(1000);
  }
  const r = await fetch("/api/projects/1/annotations", { headers: { authorization: "Bearer " + localStorage.getItem("vox_token") } });
  log("stored: " + JSON.stringify((await r.json()).map((a) => a.value.label)));
})().catch((e) => log("ERROR " + e.message));
</script></body></html>`;

describe.skipIf(!CHROMIUM)("the built-in labelling page", () => {
  it("lets the demo user sign in and label with the keyboard", async () => {
    const db = `sqlite:${join(dir, "page.db")}`;
    // First run seeds the demo and gives us the page; the second serves it beside the harness (same origin).
    const first = await startServerProcess(db, ["--demo", "--no-web"]);
    const page = await (await fetch(`${first.url}/`)).text();
    await first.stop();
    const site = join(dir, "site");
    mkdirSync(site);
    writeFileSync(join(site, "index.html"), page);
    writeFileSync(join(site, "harness.html"), HARNESS);
    const server = await startServerProcess(db, ["--static", site]);
    try {
      const r = spawnSync(
        CHROMIUM!,
        [
          "--headless",
          "--no-sandbox",
          "--disable-gpu",
          "--virtual-time-budget=20000",
          "--dump-dom",
          `${server.url}/harness.html`,
        ],
        { encoding: "utf8", timeout: 60_000 },
      );
      const log = /<pre id="log">([\s\S]*?)<\/pre>/.exec(r.stdout)?.[1] ?? r.stdout + r.stderr;
      expect(log).toContain("projects: demo-sentiment");
      expect(log.match(/item: The /g)).toHaveLength(3);
      expect(log).toContain('stored: ["positive","negative","neutral"]');
    } finally {
      await server.stop();
    }
  });
});
