// Opens an HTML report in headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core: no browser is
// downloaded) at a laptop's width and at a phone's, takes a screenshot of each, and reports what a reader would see
// as JSON on stdout: whether the page or any element spills out of the report's column, whether every chart drew,
// whether every table has rows, and whether the page asked the network for anything.
//   node check-report.mjs REPORT.html OUTDIR
// Exit 0 with the JSON; 2 with one line on stderr when the arguments are wrong or the browser cannot start.
import { chromium } from "playwright-core";
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [report, outdir] = process.argv.slice(2);
if (!report || !outdir || !fs.existsSync(report)) {
  console.error("error: usage: node check-report.mjs REPORT.html OUTDIR (the report must exist)");
  process.exit(2);
}
fs.mkdirSync(outdir, { recursive: true });
const executablePath = process.env.CHROMIUM ?? "/usr/bin/chromium";
let browser;
try {
  // The flags this machine's closed network needs: no background requests, no first-run, no sandbox (root).
  browser = await chromium.launch({
    executablePath,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync"],
    timeout: 60_000,
  });
} catch (e) {
  console.error(`error: cannot start Chromium at ${executablePath}: ${String(e.message).split("\n")[0]}`);
  process.exit(2);
}
const viewports = { laptop: { width: 1280, height: 900 }, phone: { width: 390, height: 844 } };
const result = {};
try {
  for (const [name, viewport] of Object.entries(viewports)) {
    const page = await browser.newPage({ viewport, deviceScaleFactor: 1 });
    const requests = [];
    page.on("request", (r) => { if (!r.url().startsWith("file:") && !r.url().startsWith("data:")) requests.push(r.url()); });
    await page.goto(pathToFileURL(path.resolve(report)).href, { waitUntil: "load", timeout: 60_000 });
    const screenshot = path.join(outdir, `report-${name}.png`);
    await page.screenshot({ path: screenshot, fullPage: false });
    const facts = await page.evaluate(() => {
      const main = document.querySelector("main");
      const column = main.getBoundingClientRect();
      const style = getComputedStyle(main);
      const left = column.left + parseFloat(style.paddingLeft) - 1;
      const right = column.right - parseFloat(style.paddingRight) + 1;
      // Every block a reader sees: headings, paragraphs, list items, figures and table boxes (a table may scroll
      // inside its box; the box itself must stay in the column).
      const blocks = [...main.querySelectorAll("h1, h2, h3, p, li, figure, .table-wrap")];
      const outside = blocks.filter((e) => { const r = e.getBoundingClientRect(); return r.width > 0 && (r.left < left || r.right > right); })
        .map((e) => `${e.tagName.toLowerCase()}: ${(e.textContent || "").trim().slice(0, 60)}`);
      const charts = [...main.querySelectorAll("figure.chart")].map((f) => {
        const svg = f.querySelector("svg"); const r = svg ? svg.getBoundingClientRect() : { width: 0, height: 0 };
        return { name: f.dataset.chart, width: r.width, height: r.height, texts: svg ? svg.querySelectorAll("text").length : 0 };
      });
      const tables = [...main.querySelectorAll("table")].map((t) => ({
        head: t.tHead ? t.tHead.rows[0].cells.length : 0, rows: t.tBodies[0] ? t.tBodies[0].rows.length : 0,
      }));
      // Sorting works: click the first sortable numeric column of the first table with 3 rows or more.
      let sorted = null;
      const table = [...main.querySelectorAll("table.sortable")].find((t) => t.tBodies[0] && t.tBodies[0].rows.length >= 3);
      if (table) {
        const header = table.tHead.rows[0].cells[table.tHead.rows[0].cells.length - 1];
        header.click();
        sorted = header.getAttribute("aria-sort");
      }
      return {
        viewportWidth: window.innerWidth,
        pageWidth: document.documentElement.scrollWidth,
        outside,
        charts,
        tables,
        sorted,
        firstHeading: (main.querySelector("h2") || {}).textContent || null,
      };
    });
    facts.screenshot = screenshot;
    facts.screenshotBytes = fs.statSync(screenshot).size;
    facts.requests = requests;
    result[name] = facts;
    await page.close();
  }
} finally {
  await browser.close();
}
console.log(JSON.stringify(result));
