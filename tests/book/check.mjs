// Opens the built reference book in a headless Chromium and checks what a reader sees: the
// index, one endpoint page, the error table, a search for an error code, and the link from
// an endpoint's error table to the code's row. Takes a screenshot of each.
//
// node check.mjs BOOK_DIR CHROMIUM SCREENSHOT_DIR
// The book is served over HTTP on 127.0.0.1 (a free port) for the time of the checks.
// Exit 0 when every check passes; otherwise 1, with one line per failed check.

import { mkdirSync, readFile } from "node:fs";
import { createServer } from "node:http";
import { extname, join, normalize, resolve } from "node:path";
import puppeteer from "puppeteer-core";

const [bookDir, chromium, shotsDir] = process.argv.slice(2);
if (!bookDir || !chromium || !shotsDir) {
  console.error("usage: node check.mjs BOOK_DIR CHROMIUM SCREENSHOT_DIR");
  process.exit(2);
}
mkdirSync(shotsDir, { recursive: true });

// The book served as a site would be, on 127.0.0.1 at a free port.
const root = resolve(bookDir);
const types = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript",
  ".css": "text/css",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".woff2": "font/woff2",
  ".woff": "font/woff",
  ".ttf": "font/ttf",
};
const server = createServer((req, res) => {
  const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
  const file = normalize(join(root, path.endsWith("/") ? `${path}index.html` : path));
  if (!file.startsWith(root)) {
    res.writeHead(403).end();
    return;
  }
  readFile(file, (err, body) => {
    if (err) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": types[extname(file)] ?? "application/octet-stream" });
    res.end(body);
  });
});
await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
const base = `http://127.0.0.1:${server.address().port}/`;
const url = (page) => new URL(page, base).href;
const failures = [];
const check = (ok, what) => {
  console.log(`${ok ? "ok  " : "FAIL"} ${what}`);
  if (!ok) failures.push(what);
};
const shot = async (page, name) => {
  const path = join(shotsDir, `${name}.png`);
  await page.screenshot({ path });
  console.log(`screenshot ${path}`);
};

const browser = await puppeteer.launch({
  executablePath: chromium,
  headless: true,
  // The test runs as root in CI containers, where Chromium's sandbox can't start.
  args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
});
try {
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 900 });
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  const failed = [];
  page.on("requestfailed", (r) => failed.push(r.url()));

  // The index: the book's title, and the summary lists endpoints by group.
  await page.goto(url("index.html"), { waitUntil: "load" });
  const title = await page.title();
  check(title.includes("wxapi reference"), `index title is "${title}"`);
  const summary = await page.$$eval("#sidebar a, .sidebar a, mdbook-sidebar-scrollbox a", (as) =>
    as.map((a) => a.textContent),
  );
  check(
    summary.some((t) => t.includes("img_sec_check")),
    `the summary lists img_sec_check (${summary.length} links)`,
  );
  await shot(page, "index");

  // An endpoint page: its title, its call, and its error table linking each code.
  await page.goto(url("endpoints/img_sec_check.html"), { waitUntil: "load" });
  const h1 = await page.$eval("main h1", (h) => h.textContent);
  check(h1.includes("img_sec_check"), `the endpoint page's heading is "${h1}"`);
  const code = await page.$eval("main pre code", (c) => c.textContent);
  check(code.includes("client.img_sec_check("), "the endpoint page shows its Rust call");
  const codeLink = await page.$$eval("main table a", (as) =>
    as.filter((a) => a.textContent.trim() === "87014").map((a) => a.getAttribute("href")),
  );
  check(
    codeLink.length === 1 && codeLink[0] === "../errors.html#87014",
    `87014 in the error table links to its row (${codeLink})`,
  );
  await shot(page, "endpoint-img_sec_check");

  // Following that link lands on the code's row, at the top of the window.
  await Promise.all([
    page.waitForNavigation({ waitUntil: "load" }),
    page.$$eval("main table a", (as) =>
      as.find((a) => a.textContent.trim() === "87014").click(),
    ),
  ]);
  await new Promise((r) => setTimeout(r, 300));
  const landed = await page.evaluate(() => {
    const target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    const row = target && target.closest("tr");
    if (!row) return null;
    return {
      page: location.pathname.split("/").pop(),
      firstCell: row.cells[0].textContent.trim(),
      top: row.getBoundingClientRect().top,
      height: window.innerHeight,
    };
  });
  check(
    landed !== null && landed.page === "errors.html" && landed.firstCell === "87014",
    `the link lands on errors.html's 87014 row (${JSON.stringify(landed)})`,
  );
  check(
    landed !== null && landed.top >= -1 && landed.top < landed.height / 2,
    "the row is scrolled into view",
  );
  await shot(page, "errors-87014");

  // The error table: every common code is a row with its anchor.
  await page.goto(url("errors.html"), { waitUntil: "load" });
  const rows = await page.$$eval("main table tr", (trs) =>
    trs.map((tr) => tr.querySelector("td a[id]")?.id).filter(Boolean),
  );
  check(rows.includes("-1") && rows.includes("40001"), `the common codes have rows (${rows.length} anchored)`);
  check(rows.includes("87014"), "endpoint codes have rows too");

  // Search: the code finds the page that declares it.
  await page.goto(`${url("index.html")}?search=87014`, { waitUntil: "load" });
  await page
    .waitForFunction(() => document.querySelectorAll("#searchresults li").length > 0, {
      timeout: 10000,
    })
    .catch(() => {});
  const results = await page.$$eval("#searchresults li a", (as) => as.map((a) => a.getAttribute("href")));
  check(
    results.some((h) => h.startsWith("endpoints/img_sec_check.html")),
    `searching 87014 finds img_sec_check (${results.length} results)`,
  );
  await shot(page, "search-87014");

  // Search in Chinese: a title's words find the page.
  await page.goto(`${url("index.html")}?search=${encodeURIComponent("图片内容安全识别")}`, {
    waitUntil: "load",
  });
  await page
    .waitForFunction(() => document.querySelectorAll("#searchresults li").length > 0, {
      timeout: 10000,
    })
    .catch(() => {});
  const chinese = await page.$$eval("#searchresults li a", (as) => as.map((a) => a.getAttribute("href")));
  check(
    chinese.some((h) => h.startsWith("endpoints/img_sec_check.html")),
    `searching 图片内容安全识别 finds img_sec_check (${chinese.length} results)`,
  );
  await shot(page, "search-chinese");

  check(errors.length === 0, `no script errors (${errors.join("; ")})`);
  check(failed.length === 0, `every request succeeds (${failed.join(", ")})`);
} finally {
  await browser.close();
  server.close();
}
if (failures.length > 0) {
  console.error(`${failures.length} check(s) failed`);
  process.exit(1);
}
