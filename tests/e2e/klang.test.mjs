// Browser tests for klang: Debian's Chromium driven by playwright-core, with
// axe-core for accessibility. Started by run.sh, which gives:
//   KLANG_URL             base address of a server on fresh demo data
//   KLANG_ADMIN_PASSWORD  the one-time password of 'admin'
//   KLANG_DEMO_PASSWORDS  every demo login as "login=password …"
//   E2E_OUT               where screenshots go (tests/e2e/out)
//   CHROMIUM              the browser binary (default /usr/bin/chromium)
// The cases run in order and share one logged-in browser context: the first
// logs in, the later ones use that session. The workflow journey logs the
// other demo accounts in, each in a context of its own.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, unlinkSync, writeFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import os from "node:os";
import { createRequire } from "node:module";
import path from "node:path";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

const BASE = (process.env.KLANG_URL || "").replace(/\/$/, "");
const ADMIN_PASSWORD = process.env.KLANG_ADMIN_PASSWORD || "";
const OUT = process.env.E2E_OUT || path.join(path.dirname(new URL(import.meta.url).pathname), "out");
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";

// The six strategic issues of the demo seed (kmap rows issue-1 … issue-6).
const SEED_ISSUES = [
  "การพัฒนาด้านการท่องเที่ยว/บริการและคุณภาพอาหาร",
  "การพัฒนาด้านสาธารณสุขและสิ่งแวดล้อม",
  "การพัฒนาด้านเสริมสร้างสังคมมีสุข",
  "การพัฒนาด้านโครงสร้างพื้นฐานและกายภาพเมือง",
  "การพัฒนาด้านการเสริมสร้างวัฒนธรรมและการเรียนรู้อย่างต่อเนื่อง",
  "การบริหารจัดการที่ดี",
];
const UNIT_OLD = "กองคลัง";
const UNIT_NEW = "กองคลังและทรัพย์สิน (ทดสอบ)";

let browser;
let anon; // context without a session
let admin; // context that logs in as admin

// Everything a page reports that a user should never cause: console errors,
// uncaught exceptions, CSP violations, failed or 4xx/5xx requests.
const problems = [];

function watch(page, label) {
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(`${label} ${page.url()}: console error: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`${label} ${page.url()}: uncaught: ${e.message}`));
  page.on("requestfailed", (r) =>
    problems.push(`${label}: request failed: ${r.method()} ${r.url()} (${r.failure()?.errorText})`));
  page.on("response", (r) => {
    if (r.status() >= 400) problems.push(`${label}: HTTP ${r.status()} for ${r.request().method()} ${r.url()}`);
  });
  return page;
}

async function newContext() {
  const ctx = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    locale: "th-TH",
    timezoneId: "Asia/Bangkok",
  });
  // Listens for CSP violations in every document; injected over the DevTools
  // protocol, so the page's own CSP does not apply to it.
  await ctx.addInitScript(() => {
    window.__csp = [];
    document.addEventListener("securitypolicyviolation", (e) => {
      window.__csp.push(`${e.violatedDirective} blocked ${e.blockedURI || "(inline)"} at ${e.sourceFile}:${e.lineNumber}`);
    });
  });
  return ctx;
}

async function open(ctx, label, urlPath) {
  const page = watch(await ctx.newPage(), label);
  const res = await page.goto(BASE + urlPath, { waitUntil: "load" });
  assert.ok(res, `no response for ${urlPath}`);
  assert.equal(res.status(), 200, `GET ${urlPath} -> ${res.status()}`);
  return page;
}

async function cspViolations(page) {
  return page.evaluate(() => window.__csp || []);
}

// Runs axe-core on the page; prints every violation as a TAP diagnostic and
// fails on those with impact "serious" or "critical".
async function axeCheck(t, page, label) {
  // evaluate() goes through the DevTools protocol, which CSP does not block
  // (an injected <script> would be).
  await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate(() =>
    window.axe.run(document, { resultTypes: ["violations"] }));
  const bad = [];
  for (const v of result.violations) {
    const nodes = v.nodes.map((n) => `${n.target.join(" ")}${n.failureSummary ? " — " + n.failureSummary.replace(/\s+/g, " ") : ""}`);
    const line = `axe ${label}: [${v.impact}] ${v.id}: ${v.help} (${v.nodes.length} node(s)) ${v.helpUrl}`;
    t.diagnostic(line);
    for (const n of nodes.slice(0, 5)) t.diagnostic(`    ${n}`);
    if (nodes.length > 5) t.diagnostic(`    … ${nodes.length - 5} more`);
    if (v.impact === "serious" || v.impact === "critical") bad.push(line + "\n    " + nodes.join("\n    "));
  }
  if (result.violations.length === 0) t.diagnostic(`axe ${label}: no violations (${result.passes.length} rules passed)`);
  assert.deepEqual(bad, [], `serious/critical axe violations on ${label}:\n${bad.join("\n")}`);
}

before(async () => {
  assert.ok(BASE, "KLANG_URL is not set (start through run.sh)");
  assert.ok(ADMIN_PASSWORD, "KLANG_ADMIN_PASSWORD is not set");
  mkdirSync(OUT, { recursive: true });
  // launch() gives Chromium a fresh temporary profile (user-data-dir) of its
  // own and removes it on close.
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    timeout: 30000,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  anon = await newContext();
  admin = await newContext();
});

after(async () => {
  if (browser) await browser.close();
});

test("login as admin through the form", async () => {
  const page = await open(admin, "login", "/login");
  await page.fill("#login", "admin");
  await page.fill("#password", ADMIN_PASSWORD);
  await Promise.all([
    page.waitForURL((u) => u.pathname !== "/login", { timeout: 15000 }),
    page.click('form[action="/login"] button[type="submit"]'),
  ]);
  assert.equal(new URL(page.url()).pathname, "/", "login should land on the home page");
  // Logged in: a logout form in the header, no login link.
  assert.equal(await page.locator('header form[action="/logout"]').count(), 1, "no logout form after login");
  assert.equal(await page.locator('header a[href="/login"]').count(), 0, "login link still shown after login");
  const cookies = await admin.cookies();
  assert.ok(cookies.some((c) => c.name.includes("klang_session") && c.httpOnly), "no HttpOnly session cookie");
  await page.close();
});

test("knowledge map shows the six strategic issues of the seed", async () => {
  const page = await open(admin, "kmap", "/kmap");
  const rows = page.locator("table.kmap tbody tr[id^=issue-]");
  assert.equal(await rows.count(), 6, "kmap should have 6 strategic-issue rows");
  const heads = (await page.locator("table.kmap tbody tr[id^=issue-] > th").allInnerTexts())
    .map((s) => s.replace(/\s+/g, " ").trim());
  SEED_ISSUES.forEach((title, i) => {
    assert.ok(heads[i] && heads[i].startsWith(`${i + 1}. ${title}`), `row ${i + 1}: expected "${title}", got "${heads[i]}"`);
  });
  assert.ok(await page.getByText("การบริหารจัดการที่ดี", { exact: false }).first().isVisible());
  // 24 required-knowledge items in the seed, as the home page counts them.
  assert.equal(await page.locator("table.kmap li[id^=rk-]").count(), 24, "kmap should list 24 required-knowledge items");
  await page.screenshot({ path: path.join(OUT, "kmap.png"), fullPage: true });
  await page.close();
});

test("rename a unit: the new name is in the unit list and in /org", async () => {
  const page = await open(admin, "units", "/admin/units");
  await Promise.all([
    page.waitForURL(/\/admin\/units\/\d+$/),
    page.getByRole("link", { name: `แก้ไข ${UNIT_OLD}`, exact: true }).click(),
  ]);
  const editUrl = page.url();
  assert.equal(await page.inputValue("#u-name"), UNIT_OLD);
  const code = await page.inputValue("#u-code");
  await page.fill("#u-name", UNIT_NEW);
  await Promise.all([
    page.waitForURL((u) => u.href !== editUrl, { timeout: 15000 }),
    page.getByRole("button", { name: "บันทึก" }).click(),
  ]);
  // After the 303, the list (or wherever the server sent us); check the list itself.
  await page.goto(BASE + "/admin/units");
  const names = (await page.locator("table tbody tr td:nth-child(2)").allInnerTexts()).map((s) => s.trim());
  assert.ok(names.includes(UNIT_NEW), `unit list lacks "${UNIT_NEW}": ${names.join(", ")}`);
  assert.ok(!names.includes(UNIT_OLD), `unit list still has "${UNIT_OLD}"`);
  const row = page.locator("table tbody tr", { has: page.locator("td", { hasText: UNIT_NEW }) }).first();
  assert.equal((await row.locator("td").first().innerText()).trim(), code, "the code changed with the name");
  // Its sub-units now name the new parent.
  const parents = (await page.locator("table tbody tr td:nth-child(3)").allInnerTexts()).map((s) => s.trim());
  assert.ok(parents.includes(UNIT_NEW), "sub-units do not show the renamed parent");
  await page.goto(BASE + "/org");
  const tree = (await page.locator("ul.tree li > a").allInnerTexts()).map((s) => s.trim());
  assert.ok(tree.includes(UNIT_NEW), `/org unit tree lacks "${UNIT_NEW}": ${tree.join(", ")}`);
  assert.ok(!tree.includes(UNIT_OLD), `/org unit tree still has "${UNIT_OLD}"`);
  await page.close();
});

test("write a manual from the template, attach a PDF, export it as PDF", async () => {
  const TITLE = "คู่มือการตรวจสุขาภิบาลร้านอาหาร (ทดสอบเบราว์เซอร์)";
  const UNIT = "กองสาธารณสุขและสิ่งแวดล้อม";
  const page = await open(admin, "doc", "/docs/new?kind=manual");
  // The operations manual starts from the standard sections.
  const body = await page.inputValue("#d-body");
  for (const section of ["วัตถุประสงค์", "ขอบเขต", "ขั้นตอนการปฏิบัติงาน", "มาตรฐานงาน", "แบบฟอร์ม"])
    assert.ok(body.includes(section), `the template lacks ${section}`);
  assert.ok(body.includes("| ขั้นตอน | ผู้รับผิดชอบ | ระยะเวลา | ผลลัพธ์ |"), "the template lacks the step table");
  await page.fill("#d-title", TITLE);
  await page.selectOption('select[name="unit_id"]', { label: UNIT });
  await page.fill("#d-body", body.replace("(ระบุวัตถุประสงค์ของคู่มือ เช่น เพื่อให้ผู้ปฏิบัติงานใหม่ปฏิบัติงานได้ถูกต้องตามระเบียบ)",
    "เพื่อให้การตรวจร้านอาหารและแผงลอยเป็นไปตามมาตรฐานสุขาภิบาลอาหาร"));
  await Promise.all([page.waitForURL(/\/docs\/\d+$/), page.getByRole("button", { name: "บันทึก" }).click()]);
  const docUrl = page.url();
  assert.equal((await page.locator("main h1").innerText()).trim(), TITLE);
  assert.ok(await page.locator("article .body table").count() >= 1, "the step table is rendered");

  // A PDF to attach: the document's own export.
  const pdfRes = await page.request.get(docUrl + "/export?format=pdf");
  assert.equal(pdfRes.status(), 200);
  const tmp = path.join(os.tmpdir(), `klang-e2e-${process.pid}.pdf`);
  writeFileSync(tmp, await pdfRes.body());
  await page.setInputFiles('input[type="file"][name="file"]', tmp);
  await Promise.all([page.waitForURL(docUrl), page.getByRole("button", { name: "แนบไฟล์", exact: true }).click()]);
  assert.ok((await page.locator("section.files").innerText()).includes(".pdf"), "the attachment is listed");

  // A draft: nobody publishes it without its review and approval (the
  // workflow journey below takes those steps).
  assert.ok((await page.locator("p.meta").first().innerText()).includes("ฉบับร่าง"), "a new manual is a draft");
  assert.equal(await page.getByRole("button", { name: "เผยแพร่", exact: true }).count(), 0, "no publish button on a draft");

  // The exported PDF keeps the Thai text (pdftotext).
  const out = await page.request.get(docUrl + "/export?format=pdf");
  assert.equal(out.headers()["content-type"], "application/pdf");
  writeFileSync(tmp, await out.body());
  const text = execFileSync("pdftotext", [tmp, "-"], { encoding: "utf8" });
  assert.ok(text.includes("คู่มือการตรวจสุขาภิบาลร้านอาหาร"), "pdftotext finds the Thai title"); /* the title may wrap */
  assert.ok(text.includes("ร้านอาหารและแผงลอย"), "pdftotext finds the Thai body text");
  unlinkSync(tmp);
  await page.screenshot({ path: path.join(OUT, "manual-draft.png"), fullPage: true });
  await page.close();
});

// ---- The review-and-approval journey -------------------------------------
// A staff author writes a manual; the unit head submits it; a committee
// member comments on a section and passes the review; the executive approves
// it, which issues the numbered approval memo; the unit head publishes it.
// Each person logs in through the form in a browser context of their own.
const HEALTH = "กองสาธารณสุขและสิ่งแวดล้อม";
const flow = {
  title: "คู่มือการเฝ้าระวังคุณภาพน้ำประปาหมู่บ้าน (ทดสอบขั้นตอนอนุมัติ)",
  id: 0,
  comment: "ควรระบุความถี่ในการเก็บตัวอย่างน้ำให้ชัดเจน @staff",
};
const people = {}; // login -> browser context

const THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙";
const thaiDigits = (s) => String(s).replace(/[0-9]/g, (d) => THAI_DIGITS[d]);
const THAI_MONTHS = ["มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน", "กรกฎาคม",
  "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม"];
const squeeze = (s) => s.replace(/\s+/g, "");
// pdftotext may give a mark stacked above another after the next letter
// ("ขั้น" as "ขัน ้"): compare Thai text by its letters alone.
const letters = (s) => squeeze(s).replace(/[\u0E31\u0E34-\u0E3A\u0E47-\u0E4E]/g, "");

// Today in Bangkok: the memo's date, and the fiscal year (1 Oct – 30 Sep,
// named by the B.E. year it ends in) that numbers it.
function bangkokToday() {
  const parts = new Intl.DateTimeFormat("en-GB", { timeZone: "Asia/Bangkok", year: "numeric", month: "numeric", day: "numeric" })
    .formatToParts(new Date());
  const get = (type) => Number(parts.find((p) => p.type === type).value);
  const y = get("year"), m = get("month"), d = get("day");
  return { y, m, d, fy: (m >= 10 ? y + 1 : y) + 543, th: thaiDigits(`${d} ${THAI_MONTHS[m - 1]} ${y + 543}`) };
}

function demoPassword(login) {
  const pairs = (process.env.KLANG_DEMO_PASSWORDS || "").split(/\s+/).filter(Boolean).map((kv) => kv.split("="));
  const found = pairs.find(([l]) => l === login);
  assert.ok(found, `no password for '${login}' in KLANG_DEMO_PASSWORDS (start through run.sh)`);
  return found[1];
}

// A browser context logged in as `login` through the login form.
async function as(login) {
  if (people[login]) return people[login];
  const ctx = await newContext();
  const page = await open(ctx, `login ${login}`, "/login");
  await page.fill("#login", login);
  await page.fill("#password", demoPassword(login));
  await Promise.all([
    page.waitForURL((u) => u.pathname !== "/login", { timeout: 15000 }),
    page.click('form[action="/login"] button[type="submit"]'),
  ]);
  assert.equal(await page.locator('header form[action="/logout"]').count(), 1, `${login} is not logged in`);
  await page.close();
  people[login] = ctx;
  return ctx;
}

const docPath = () => `/docs/${flow.id}`;
const wfState = async (page) => (await page.locator("section.wf-panel .wf-state strong").innerText()).trim();

// Takes a step with the button of the workflow panel; lands on the document.
async function step(page, label, comment) {
  const form = page.locator("form.wf-step", { has: page.getByRole("button", { name: label, exact: true }) });
  assert.equal(await form.count(), 1, `no "${label}" step on ${page.url()}`);
  if (comment) await form.locator("textarea").fill(comment);
  await Promise.all([
    page.waitForURL((u) => u.pathname === docPath(), { timeout: 15000 }),
    form.getByRole("button", { name: label, exact: true }).click(),
  ]);
}

// Opens the inbox, checks the document waits there for `next`, and follows
// its link to the review page.
async function fromInbox(ctx, who, next) {
  const page = await open(ctx, `inbox ${who}`, "/inbox");
  const row = page.locator('section[aria-labelledby="waiting-h"] tbody tr', { hasText: flow.title });
  assert.equal(await row.count(), 1, `${who}'s inbox does not list the manual as waiting`);
  assert.equal((await row.locator("td").last().innerText()).trim(), next, `${who}'s next step`);
  return { page, row };
}

test("workflow: a staff author writes a manual, which stays a draft", async () => {
  const ctx = await as("staff");
  const page = await open(ctx, "staff new", "/docs/new?kind=manual");
  const body = await page.inputValue("#d-body");
  await page.fill("#d-title", flow.title);
  await page.selectOption('select[name="unit_id"]', { label: HEALTH });
  await page.fill("#d-body", body.replace("(ระบุวัตถุประสงค์ของคู่มือ เช่น เพื่อให้ผู้ปฏิบัติงานใหม่ปฏิบัติงานได้ถูกต้องตามระเบียบ)",
    "เพื่อให้การตรวจคุณภาพน้ำประปาหมู่บ้านเป็นไปตามเกณฑ์คุณภาพน้ำประปาดื่มได้"));
  await Promise.all([page.waitForURL(/\/docs\/\d+$/), page.getByRole("button", { name: "บันทึก" }).click()]);
  flow.id = Number(new URL(page.url()).pathname.split("/").pop());
  assert.equal((await page.locator("main h1").innerText()).trim(), flow.title);
  assert.equal(await wfState(page), "ฉบับร่าง");
  // Staff do not submit manuals: their division's head does.
  assert.equal(await page.locator("form.wf-step").count(), 0, "staff are offered a step on their own manual");
  await page.close();
});

test("workflow: the unit head finds the draft in the inbox and submits it", async () => {
  assert.ok(flow.id, "no manual from the previous step");
  const ctx = await as("unithead");
  const { page, row } = await fromInbox(ctx, "unithead", "เสนอเพื่อทบทวน");
  await Promise.all([page.waitForURL((u) => u.pathname === `${docPath()}/review`), row.getByRole("link", { name: flow.title }).click()]);
  await step(page, "เสนอเพื่อทบทวน");
  assert.equal(await wfState(page), "รอทบทวน");
  await page.close();
});

test("workflow: a committee member comments on a section and passes the review (axe: inbox, review page)", async (t) => {
  assert.ok(flow.id, "no manual from the previous step");
  const ctx = await as("committee");
  const { page, row } = await fromInbox(ctx, "committee", "ผ่านการทบทวน");
  await axeCheck(t, page, "/inbox (committee)");
  await page.screenshot({ path: path.join(OUT, "inbox.png"), fullPage: true });
  await Promise.all([page.waitForURL((u) => u.pathname === `${docPath()}/review`), row.getByRole("link", { name: flow.title }).click()]);
  assert.match((await page.locator("main h1").innerText()).trim(), /^ทบทวนเอกสาร: /);
  assert.ok((await page.locator(".review-main .body").innerText()).includes("เกณฑ์คุณภาพน้ำประปาดื่มได้"), "the text under review is shown");
  await axeCheck(t, page, "/docs/{id}/review (committee)");

  // A comment on the section "1. วัตถุประสงค์", mentioning the author.
  const thread = page.locator("section.thread", { has: page.locator("h3", { hasText: "วัตถุประสงค์" }) });
  assert.equal(await thread.count(), 1, "one thread for the objectives section");
  await thread.locator("summary").click();
  await thread.locator("textarea[name=body]").fill(flow.comment);
  await Promise.all([
    page.waitForURL((u) => u.pathname === `${docPath()}/review` && /^#comment-\d+$/.test(u.hash)),
    thread.getByRole("button", { name: "ส่งความเห็น" }).click(),
  ]);
  const posted = page.locator("section.thread", { has: page.locator("h3", { hasText: "วัตถุประสงค์" }) }).locator(".comment-list li");
  assert.equal(await posted.count(), 1, "the comment is listed under its section");
  assert.ok((await posted.innerText()).includes("ความถี่ในการเก็บตัวอย่างน้ำ"));
  await page.screenshot({ path: path.join(OUT, "review.png"), fullPage: true });

  // Pass the review from the review page; the document page shows the step.
  await step(page, "ผ่านการทบทวน", "เนื้อหาครบถ้วน ผ่านการทบทวน");
  assert.equal(await wfState(page), "ทบทวนแล้ว รออนุมัติ");
  const history = await page.locator("ol.wf-history").innerText();
  assert.ok(history.includes("ทบทวนเอกสารแล้ว") && history.includes("เนื้อหาครบถ้วน"), "the review is in the history with its comment");
  await page.close();
});

test("workflow: the executive is notified, approves, and the numbered memo is issued (axe: memo page)", async (t) => {
  assert.ok(flow.id, "no manual from the previous step");
  const today = bangkokToday();
  const fyTh = thaiDigits(today.fy);
  const ctx = await as("executive");

  // The bell in the header counts the unread notification of the review.
  const home = await open(ctx, "executive home", "/");
  const bell = home.locator("header a.bell");
  const name = await bell.getAttribute("aria-label");
  const m = /^การแจ้งเตือน (\d+) รายการที่ยังไม่อ่าน$/.exec(name || "");
  assert.ok(m && Number(m[1]) >= 1, `the bell shows no unread notification: "${name}"`);
  assert.equal((await bell.locator(".count").innerText()).trim(), m[1]);
  await Promise.all([home.waitForURL((u) => u.pathname === "/notifications"), bell.click()]);
  const note = home.locator("ul.notes li.unread", { hasText: flow.title });
  assert.ok(await note.count() >= 1, "an unread notification names the manual");
  assert.ok((await note.first().innerText()).includes("ทบทวนเอกสารแล้ว"), "it says the manual was reviewed");
  await home.close();

  const { page, row } = await fromInbox(ctx, "executive", "อนุมัติให้เผยแพร่");
  await Promise.all([page.waitForURL((u) => u.pathname === `${docPath()}/review`), row.getByRole("link", { name: flow.title }).click()]);
  await step(page, "อนุมัติให้เผยแพร่");
  assert.equal(await wfState(page), "อนุมัติแล้ว รอเผยแพร่");

  // The memo: บันทึกข้อความ numbered n/FY in Thai digits, dated today (B.E.).
  await Promise.all([page.waitForURL((u) => u.pathname === `${docPath()}/memo`),
    page.getByRole("link", { name: "บันทึกขออนุมัติเผยแพร่", exact: true }).click()]);
  assert.equal((await page.locator("main h1").innerText()).trim(), "บันทึกข้อความ");
  const number = (await page.locator(".memo-pair .memo-half").first().locator(".memo-fill").innerText()).trim();
  assert.match(number, new RegExp(`^[๑-๙][๐-๙]*/${fyTh}$`), `memo number "${number}" is not n/${fyTh} in Thai digits`);
  const date = (await page.locator(".memo-pair .memo-half").nth(1).locator(".memo-fill").innerText()).trim();
  assert.equal(date, today.th, "the memo is dated today in B.E. with Thai digits");
  assert.ok((await page.locator(".memo-subject").innerText()).includes(flow.title), "the subject names the manual");
  assert.ok(await page.locator(".memo-signer").count() >= 3, "proposer, reviewer and approver sign");
  await axeCheck(t, page, "/docs/{id}/memo (executive)");
  await page.screenshot({ path: path.join(OUT, "memo.png"), fullPage: true });
  // Printed, the memo stands alone on the page.
  await page.emulateMedia({ media: "print" });
  assert.equal(await page.locator("header.top").isVisible(), false, "the header is printed with the memo");
  assert.equal(await page.locator("nav.memo-links").isVisible(), false, "the links are printed with the memo");
  await page.emulateMedia({ media: "screen" });

  // Its PDF holds the same number, date and title.
  const pdf = await page.request.get(`${BASE}${docPath()}/memo?format=pdf`);
  assert.equal(pdf.status(), 200);
  assert.equal(pdf.headers()["content-type"], "application/pdf");
  const tmp = path.join(os.tmpdir(), `klang-e2e-memo-${process.pid}.pdf`);
  writeFileSync(tmp, await pdf.body());
  const raw = execFileSync("pdftotext", [tmp, "-"], { encoding: "utf8" });
  writeFileSync(path.join(OUT, "memo.txt"), raw);
  const text = squeeze(raw);
  unlinkSync(tmp);
  assert.ok(text.includes(squeeze(number)), `the PDF lacks the number ${number}`);
  assert.ok(text.includes(squeeze(today.th)), `the PDF lacks the date ${today.th}`);
  assert.ok(letters(raw).includes(letters(flow.title)), "the PDF lacks the manual's title");

  // The register of the fiscal year lists it.
  await page.goto(`${BASE}/memos?fy=${today.fy}`);
  const listed = page.locator("table.memos tbody tr", { hasText: flow.title });
  assert.equal(await listed.count(), 1, "the memo register lists the memo");
  assert.equal((await listed.locator("td").first().innerText()).trim(), number);
  await page.close();
});

test("workflow: the unit head publishes; staff can read it, a visitor cannot, the KM corner lists it", async () => {
  assert.ok(flow.id, "no manual from the previous step");
  const head = await as("unithead");
  const page = await open(head, "unithead publish", docPath());
  await step(page, "เผยแพร่");
  assert.equal(await wfState(page), "เผยแพร่แล้ว");
  assert.ok((await page.locator("p.meta").first().innerText()).includes("เผยแพร่แล้ว"), "status is published");
  await Promise.all([page.waitForURL(/\/units\/\d+\/corner$/), page.getByRole("link", { name: HEALTH }).first().click()]);
  assert.ok((await page.locator("main").innerText()).includes(flow.title), "the KM corner lists the manual");
  await page.close();

  // Manuals are published inside the organisation, not to the public.
  const visitor = await anon.request.get(BASE + docPath(), { maxRedirects: 0 });
  assert.notEqual(visitor.status(), 200, "a visitor without a login opens the manual");
  assert.ok(!(await visitor.text()).includes(flow.title), "a visitor sees the manual's title");
  const staff = await open(await as("staff"), "staff read", docPath());
  assert.equal((await staff.locator("main h1").innerText()).trim(), flow.title);
  await staff.close();
});

test("axe: the workflow rules page (admin) has no serious or critical violations", async (t) => {
  const page = await open(admin, "axe-workflow", "/admin/workflow");
  assert.equal(await page.locator('form[action="/admin/workflow"]').count(), 7, "a form per kind of document");
  const manual = page.locator("form", { has: page.locator('input[name=kind][value="manual"]') });
  assert.equal(await manual.locator('input[name=approve][value="executive"]').isChecked(), true,
    "manuals are approved by executives");
  await axeCheck(t, page, "/admin/workflow");
  await page.close();
});

test("toggle the interface to English and back to Thai", async () => {
  // The switch is the header control marked lang="en" (a link or a form
  // button, whichever the templates use); it comes back to the same page.
  const page = await open(admin, "lang", "/kmap");
  assert.equal(await page.getAttribute("html", "lang"), "th");
  assert.equal((await page.locator("main h1").innerText()).trim(), "แผนที่ความรู้");
  const toEn = page.locator('header [lang="en"]:is(a, button)');
  assert.equal(await toEn.count(), 1, "one English switch in the header");
  assert.equal((await toEn.innerText()).trim(), "English");
  await toEn.click();
  await page.waitForFunction(() => document.documentElement.lang === "en");
  assert.equal(new URL(page.url()).pathname, "/kmap", "the switch should return to the same page");
  assert.equal((await page.locator("main h1").innerText()).trim(), "Knowledge map");
  assert.equal((await page.locator('header nav a[href="/kmap"]').innerText()).trim(), "Knowledge map");
  // The choice sticks on other pages.
  await page.goto(BASE + "/");
  assert.equal(await page.getAttribute("html", "lang"), "en");
  assert.equal((await page.locator('header nav a[href="/"]').innerText()).trim(), "Home");
  const toTh = page.locator('header [lang="th"]:is(a, button)');
  assert.equal(await toTh.count(), 1, "one Thai switch in the header");
  await toTh.click();
  await page.waitForFunction(() => document.documentElement.lang === "th");
  assert.equal(new URL(page.url()).pathname, "/");
  assert.equal((await page.locator('header nav a[href="/"]').innerText()).trim(), "หน้าหลัก");
  await page.goto(BASE + "/kmap");
  assert.equal((await page.locator("main h1").innerText()).trim(), "แผนที่ความรู้");
  await page.close();
});

test("search from the header: titles as you type, then a Thai word inside a longer run, highlighted, opens the manual", async () => {
  // คุกรุ่น sits inside "ตรวจสอบจุดคุกรุ่นและความมั่นคงของอาคาร" in the demo's
  // fire manual (an organisation-wide, published manual: the admin finds it).
  const WORD = "คุกรุ่น";
  const TITLE = "คู่มือการปฏิบัติงาน การป้องกันและระงับอัคคีภัยเบื้องต้น";
  const page = await open(admin, "search", "/");
  const box = page.locator("header form[role=search] input[name=q]");
  assert.equal(await box.count(), 1, "one search box in the header");

  // Search-as-you-type: a list of title links under the box, by keyboard.
  const listId = await box.getAttribute("aria-controls");
  assert.ok(listId, "the box names the list it controls");
  const list = page.locator(`#${listId}`);
  await box.fill("อัคคีภัย");
  await list.locator("a").first().waitFor({ state: "visible", timeout: 5000 });
  const titles = (await list.locator("a").allInnerTexts()).map((s) => s.trim());
  assert.ok(titles.includes(TITLE), `title list lacks the fire manual: ${titles.join(" | ")}`);
  assert.match(await page.locator("header [role=status]").innerText(), /พบ \d+ ชื่อเรื่อง/);
  await page.screenshot({ path: path.join(OUT, "search-titles.png") });
  await box.press("ArrowDown");
  assert.equal(await page.evaluate((id) => document.activeElement.closest(`#${id}`) !== null, listId), true,
    "ArrowDown moves into the list");
  await page.keyboard.press("Escape");
  assert.equal(await list.isVisible(), false, "Escape closes the list");
  assert.equal(await page.evaluate(() => document.activeElement.id), "site-q", "Escape returns to the box");

  // Submitting searches the text.
  await box.fill(WORD);
  await Promise.all([page.waitForURL((u) => u.pathname === "/search"), box.press("Enter")]);
  assert.equal(new URL(page.url()).searchParams.get("q"), WORD);
  assert.match(await page.locator("#results-head").innerText(), /^พบ \d+ รายการ/);
  assert.equal(await page.inputValue("#search-q"), WORD, "the page's box keeps the query");
  const hit = page.locator("ol.hits > li", { has: page.locator("a.title", { hasText: TITLE }) });
  assert.equal(await hit.count(), 1, "the fire manual is a hit");
  const snippet = hit.locator(".snippet");
  assert.ok((await snippet.locator("mark").count()) >= 1, "the hit's snippet has highlights");
  // The highlighted text, with adjacent highlights joined, holds the word.
  const marked = await snippet.evaluate((el) => el.innerHTML.replace(/<\/mark><mark>/g, ""));
  assert.ok(marked.includes(`<mark>${WORD}</mark>`), `snippet does not highlight ${WORD}: ${marked}`);
  assert.ok((await snippet.innerText()).includes(`จุด${WORD}และความมั่นคง`), "the snippet shows the run around the word");
  await page.screenshot({ path: path.join(OUT, "search.png"), fullPage: true });

  // Open it.
  await Promise.all([page.waitForURL(/\/docs\/\d+$/), hit.locator("a.title").click()]);
  assert.equal((await page.locator("main h1").innerText()).trim(), TITLE);
  assert.ok((await page.locator("article .body").innerText()).includes(WORD));
  await page.close();
});

test("axe: search results (admin) have no serious or critical violations", async (t) => {
  const page = await open(admin, "axe-search", `/search?q=${encodeURIComponent("ภาษี")}`);
  assert.ok(await page.locator("ol.hits mark").count() > 0, "results with highlights");
  await axeCheck(t, page, "/search (admin)");
  await page.close();
});

test("axe: search with nothing found (anonymous) has no serious or critical violations", async (t) => {
  const page = await open(anon, "axe-search-anon", "/search?q=zzqxvkw");
  assert.match(await page.locator("#results-head").innerText(), /^พบ 0 รายการ/);
  assert.ok((await page.locator("main").innerText()).includes("ลองใช้คำอื่น"), "tips are shown");
  await axeCheck(t, page, "/search (anonymous, nothing found)");
  await page.close();
});

test("axe: search terms administration has no serious or critical violations", async (t) => {
  const page = await open(admin, "axe-search-terms", "/admin/search-terms");
  assert.ok((await page.locator("table tbody").first().innerText()).includes("พระราชบัญญัติ"), "the default groups are listed");
  assert.match(await page.locator("h2#words").innerText(), /^คำศัพท์ขององค์กร/);
  assert.equal(await page.locator('form[action="/admin/search-terms/words"] input#word').count(), 1, "the form to add a word");
  await axeCheck(t, page, "/admin/search-terms");
  await page.close();
});

test("axe: home page (anonymous) has no serious or critical violations", async (t) => {
  const page = await open(anon, "axe-home-anon", "/");
  await axeCheck(t, page, "/ (anonymous)");
  await page.close();
});

test("axe: login page has no serious or critical violations", async (t) => {
  const page = await open(anon, "axe-login", "/login");
  await axeCheck(t, page, "/login");
  await page.close();
});

test("axe: knowledge map (anonymous) has no serious or critical violations", async (t) => {
  const page = await open(anon, "axe-kmap-anon", "/kmap");
  await axeCheck(t, page, "/kmap (anonymous)");
  await page.close();
});

test("axe: home page (admin) has no serious or critical violations", async (t) => {
  const page = await open(admin, "axe-home-admin", "/");
  await axeCheck(t, page, "/ (admin)");
  await page.screenshot({ path: path.join(OUT, "home.png"), fullPage: true });
  await page.close();
});

test("axe: knowledge map (admin) has no serious or critical violations", async (t) => {
  const page = await open(admin, "axe-kmap", "/kmap");
  await axeCheck(t, page, "/kmap (admin)");
  await page.close();
});

// Communities of practice: on the demo's revenue community, staff ask with
// an @mention, the committee (mentioned) replies, the asker marks the answer.
const REVENUE = "ชุมชนนักปฏิบัติการจัดเก็บรายได้และภาษีท้องถิ่น";
const cop = { title: `ขั้นตอนแจ้งเตือนภาษีป้ายทางไลน์ (ทดสอบ ${Date.now()})` };

test("community: a member posts a thread with an @mention (axe: communities, board)", async (t) => {
  const staff = await as("staff");
  const page = await open(staff, "communities", "/communities");
  assert.equal(await page.locator('header nav a[href="/communities"][aria-current="page"]').count(), 1,
    "the header's link to the communities marks the page");
  await axeCheck(t, page, "/communities (staff)");
  await Promise.all([page.waitForURL(/\/communities\/\d+$/), page.getByRole("link", { name: REVENUE }).click()]);
  assert.equal((await page.locator("main h1").innerText()).trim(), REVENUE);
  await page.locator("details summary", { hasText: "ตั้งกระทู้ใหม่" }).click();
  await axeCheck(t, page, "/communities/{id} (staff, a member)");
  await page.fill("#t-title", cop.title);
  await page.fill("#p-body", "ใครเคยส่งข้อความแจ้งเตือนผู้ค้างชำระผ่านไลน์บ้างครับ @committee ช่วยแนะนำถ้อยคำด้วย");
  await Promise.all([
    page.waitForURL(/\/communities\/\d+\/threads\/\d+$/),
    page.getByRole("button", { name: "ตั้งกระทู้", exact: true }).click(),
  ]);
  cop.path = new URL(page.url()).pathname;
  assert.equal((await page.locator("main h1").innerText()).trim(), cop.title);
  assert.ok((await page.locator("article .body").innerText()).includes("@committee"));
  await page.screenshot({ path: path.join(OUT, "community-thread.png"), fullPage: true });
  await page.close();
});

test("community: the mentioned member is notified and replies; the author marks the answer (axe: thread)", async (t) => {
  assert.ok(cop.path, "no thread from the previous step");
  const kmc = await as("committee");
  const notes = await open(kmc, "committee notifications", "/notifications");
  const note = notes.locator("ul.notes li", { hasText: cop.title });
  assert.ok(await note.count() >= 1, "the mention is in the committee's notifications");
  assert.ok((await note.first().innerText()).includes("กล่าวถึงคุณ"));
  await notes.close();
  const reply = "ระบุยอดภาษี วันครบกำหนด และลิงก์ชำระออนไลน์ไว้ในข้อความเดียวครับ";
  const page = await open(kmc, "committee thread", cop.path);
  await page.fill("#p-body", reply);
  await Promise.all([
    page.waitForURL((u) => u.pathname === cop.path && /^#reply-\d+$/.test(u.hash)),
    page.getByRole("button", { name: "ส่งคำตอบ" }).click(),
  ]);
  assert.ok((await page.locator("ol.replies").innerText()).includes(reply));
  // Only the author or the facilitator choose the answer.
  assert.equal(await page.getByRole("button", { name: /^เลือกเป็นคำตอบ/ }).count(), 0);
  await page.close();

  const staff = await as("staff");
  const own = await open(staff, "staff thread", cop.path);
  await axeCheck(t, own, "/communities/{id}/threads/{tid} (author)");
  await Promise.all([
    own.waitForURL((u) => u.pathname === cop.path && /^#reply-\d+$/.test(u.hash)),
    own.getByRole("button", { name: /^เลือกเป็นคำตอบ/ }).click(),
  ]);
  const answer = own.locator("section.answer");
  assert.equal(await answer.count(), 1, "the accepted answer is shown");
  assert.ok((await answer.innerText()).includes(reply));
  assert.equal(await own.locator("ol.replies li.is-answer").count(), 1);
  await axeCheck(t, own, "/communities/{id}/threads/{tid} (answered)");
  await own.close();
});

// Staff development: the unit head records a training for five people —
// four municipal employees of job lines not yet developed this fiscal year,
// and the staff login — KPI 2 moves by the lines they hold; staff files the
// lessons report, which becomes a training-lessons draft.
const dev = {};

async function kpi2(ctx, fy) {
  const page = await ctx.newPage();
  const res = await page.goto(`${BASE}/api/v1/development?fy=${fy}`);
  assert.equal(res.status(), 200);
  const k = await res.json();
  await page.close();
  return k;
}

test("development: the unit head records a training for five people and KPI 2 moves (axe: activity, development)", async (t) => {
  const now = new Date(Date.now() + 7 * 3600 * 1000); // Bangkok
  const fy = (now.getUTCMonth() >= 9 ? now.getUTCFullYear() + 1 : now.getUTCFullYear()) + 543;
  const day = now.toISOString().slice(0, 10);
  const head = await as("unithead");
  const before = await kpi2(head, fy);
  const undeveloped = new Set(before.job_lines.filter((l) => !l.developed).map((l) => l.id));
  // The staff login's person, and four municipal employees of distinct undeveloped lines.
  const staffCtx = await as("staff");
  const me = await (await staffCtx.request.get(`${BASE}/api/v1/me`)).json();
  dev.staff = me.person.id;
  const people = (await (await head.request.get(`${BASE}/api/v1/people?per_page=500`)).json()).items;
  const chosen = [dev.staff];
  const lines = new Set();
  for (const p of people) {
    if (chosen.length === 5) break;
    if (p.id === dev.staff || p.employment_type !== "municipal_employee" || !undeveloped.has(p.job_line_id) || lines.has(p.job_line_id)) continue;
    lines.add(p.job_line_id);
    chosen.push(p.id);
  }
  assert.equal(chosen.length, 5, "not enough people of undeveloped job lines in the demo");
  const staffLine = people.find((p) => p.id === dev.staff).job_line_id;
  if (undeveloped.has(staffLine)) lines.add(staffLine);

  const page = await open(head, "new activity", "/activities/new");
  await page.getByLabel("ชื่อกิจกรรม").fill("การเขียนรายงานผลการปฏิบัติงานอย่างมืออาชีพ");
  await page.getByLabel("ประเภท").selectOption("training");
  await page.getByLabel("ผู้จัด / หน่วยงานที่จัด").fill("สถาบันพัฒนาบุคลากรท้องถิ่น");
  await page.getByLabel("วันเริ่ม").fill(day);
  await page.getByLabel("วันสิ้นสุด").fill(day);
  await page.getByLabel("จำนวนชั่วโมง").fill("6");
  await Promise.all([page.waitForURL(/\/activities\/\d+$/), page.getByRole("button", { name: "บันทึก แล้วเพิ่มผู้เข้าร่วม" }).click()]);
  dev.activity = Number(new URL(page.url()).pathname.split("/").pop());
  await page.locator('select[name="person_ids"]').selectOption(chosen.map(String));
  await Promise.all([page.waitForURL(/\/activities\/\d+/), page.getByRole("button", { name: "เพิ่มผู้เข้าร่วม" }).click()]);
  assert.equal(await page.locator("#participants tbody tr").count(), 5, "five participants listed");
  await axeCheck(t, page, "/activities/{id} (unit head)");
  await page.close();

  const after = await kpi2(head, fy);
  assert.equal(after.numerator, before.numerator + lines.size, "KPI 2 numerator moved by the newly developed lines");
  assert.equal(after.denominator, before.denominator);
  const devPage = await open(head, "development", `/development?fy=${fy}`);
  assert.ok((await devPage.locator(".kpi").innerText()).includes(`${after.numerator}`), "the page shows the new numerator");
  await axeCheck(t, devPage, "/development (unit head)");
  await devPage.screenshot({ path: path.join(OUT, "development.png"), fullPage: true });
  await devPage.close();
});

test("development: staff sees the report due, files it, and gets a training-lessons draft", async () => {
  assert.ok(dev.activity, "no activity from the previous step");
  const ctx = await as("staff");
  const mine = await open(ctx, "my development", `/people/${dev.staff}/development`);
  const due = mine.getByRole("link", { name: "การเขียนรายงานผลการปฏิบัติงานอย่างมืออาชีพ" }).first();
  assert.ok(await due.count() >= 1, "the report is listed as due");
  await mine.close();
  const page = await open(ctx, "activity", `/activities/${dev.activity}`);
  await page.getByLabel("สิ่งที่ได้เรียนรู้").fill("โครงสร้างรายงานที่ผู้บริหารอ่านได้ในหนึ่งหน้า และการใช้ตัวชี้วัดประกอบ");
  await page.getByLabel("การนำไปใช้กับงานของหน่วยงาน").fill("ปรับรูปแบบรายงานประจำเดือนของกองให้สั้นและมีตัวเลขเปรียบเทียบ");
  await Promise.all([page.waitForURL(/\/docs\/\d+$/), page.getByRole("button", { name: "ส่งรายงาน" }).click()]);
  assert.ok((await page.locator("main h1").innerText()).includes("การเขียนรายงานผลการปฏิบัติงานอย่างมืออาชีพ"));
  assert.ok((await page.locator(".kicker").first().innerText()).includes("ความรู้จากการฝึกอบรม"), "a training-lessons document");
  await page.close();
});

test("dashboard: the committee sees a chart per KPI with its table, coverage and gaps (axe: dashboard)", async (t) => {
  const ctx = await as("committee");
  const page = await open(ctx, "dashboard", "/dashboard");
  const charts = page.locator('svg[role="img"]');
  const cards = await page.locator(".kpi-card").count();
  assert.ok(cards >= 4, "KPI 1–3 and the follow-on plan's own KPI4");
  assert.equal(await charts.count(), cards, "a chart per KPI");
  assert.ok((await charts.first().locator("title").textContent()).startsWith("KPI1"), "the chart has its title");
  assert.ok(await page.locator("#trend-h ~ .table-wrap table").count() >= 1, "the trend table stays beside the charts");
  await page.getByRole("heading", { name: "ความครอบคลุมของแผนที่ความรู้" }).waitFor();
  await page.getByRole("heading", { name: "ช่องว่างความรู้" }).waitFor();
  assert.deepEqual(await cspViolations(page), [], "no CSP violations");
  await axeCheck(t, page, "/dashboard (committee)");
  await page.screenshot({ path: path.join(OUT, "dashboard.png"), fullPage: true });
  await page.close();
});

test("report journey: KPI1 of FY 2566 drilled down to a memo, the year's report generated, downloaded as PDF and XLSX, submitted and published (axe: report)", async (t) => {
  const ctx = await as("committee");
  const page = await open(ctx, "journey", "/dashboard?fy=2566");
  // Drill-down: the rows behind KPI1, a division that counts, its memo.
  const card = page.locator("section.kpi-card", { has: page.locator("#kpi-KPI1") });
  await card.locator("summary").click();
  const counted = card.locator("tbody tr", { hasText: "นับ" }).filter({ has: page.locator("a[href*='/memo']") });
  assert.ok(await counted.count() >= 1, "KPI1 has a division counted with its approval memo");
  const memo = counted.first().locator("a[href*='/memo']").first();
  await Promise.all([page.waitForURL(/\/memo/), memo.click()]);
  await page.getByText("บันทึกข้อความ").first().waitFor();

  // The year's report: generated by the committee from the reports page.
  await page.goto(BASE + "/reports?fy=2566");
  await Promise.all([
    page.waitForURL((u) => /^\/reports\/\d+$/.test(u.pathname)),
    page.click('form[method="post"][action="/reports"] button[type="submit"]'),
  ]);
  const reportPath = new URL(page.url()).pathname;
  await page.getByRole("heading", { name: /ผลการดำเนินงานตามตัวชี้วัด/ }).waitFor();
  await axeCheck(t, page, `${reportPath} (committee)`);

  // Both downloads, as a browser saves them (on a page of their own: a
  // link that turns into a download shows as an aborted request).
  const dlPage = await ctx.newPage();
  await dlPage.goto(BASE + reportPath);
  const saved = {};
  for (const [fmt, magic] of [["pdf", "%PDF"], ["xlsx", "PK\x03\x04"]]) {
    const [dl] = await Promise.all([
      dlPage.waitForEvent("download"),
      dlPage.click(`a[href="${reportPath}?format=${fmt}"]`),
    ]);
    assert.match(dl.suggestedFilename(), new RegExp(`^report-2566-v\\d+\\.${fmt}$`));
    const file = path.join(OUT, `report-2566.${fmt}`);
    await dl.saveAs(file);
    const bytes = readFileSync(file);
    assert.ok(bytes.length > 1000, `${fmt}: ${bytes.length} bytes`);
    assert.equal(bytes.subarray(0, 4).toString("latin1"), magic, `${fmt} magic`);
    saved[fmt] = file;
  }
  await dlPage.close();
  // The PDF's text: the title and the year in Thai digits.
  const text = execFileSync("pdftotext", ["-q", saved.pdf, "-"], { encoding: "utf8" }).replace(/\s+/g, "");
  assert.ok(text.includes("๒๕๖๖"), "the fiscal year in Thai digits");
  assert.ok(text.includes("KPI1") || text.includes("KPI๑"), "KPI1 in the report");

  // Submitted to the executives, then disclosed on the public portal.
  await Promise.all([page.waitForURL((u) => u.pathname === reportPath), page.click(`form[action="${reportPath}/submit"] button`)]);
  await Promise.all([page.waitForURL((u) => u.pathname === reportPath), page.click(`form[action="${reportPath}/publish"] button`)]);
  const id = reportPath.split("/").pop();
  const pub = await open(anon, "public report", `/public/reports/${id}`);
  await pub.getByRole("heading", { name: /รายงานผลการติดตามและประเมินผล/ }).waitFor();
  assert.equal(await pub.locator(`form[action$="/submit"], form[action$="/publish"]`).count(), 0, "no forms for the public");
  await pub.close();
  await page.close();
});

test("no console errors or CSP violations on home, login, knowledge map and search", async (t) => {
  const seen = [];
  for (const [ctx, who, p] of [[anon, "anonymous", "/"], [anon, "anonymous", "/login"], [anon, "anonymous", "/kmap"],
    [anon, "anonymous", "/search?q=%E0%B8%84%E0%B8%B9%E0%B9%88%E0%B8%A1%E0%B8%B7%E0%B8%AD"],
    [admin, "admin", "/"], [admin, "admin", "/kmap"], [admin, "admin", "/search?q=%E0%B8%A0%E0%B8%B2%E0%B8%A9%E0%B8%B5"]]) {
    const page = await ctx.newPage();
    const mine = [];
    page.on("console", (m) => {
      if (m.type() === "error") mine.push(`console error: ${m.text()}`);
      else if (m.type() === "warning") t.diagnostic(`${who} ${p}: console warning (not a failure): ${m.text()}`);
    });
    page.on("pageerror", (e) => mine.push(`uncaught: ${e.message}`));
    page.on("response", (r) => { if (r.status() >= 400) mine.push(`HTTP ${r.status()} ${r.url()}`); });
    const res = await page.goto(BASE + p, { waitUntil: "load" });
    assert.equal(res.status(), 200);
    // The deferred script has run by "load"; give late reports a moment.
    await page.waitForTimeout(100);
    for (const v of await cspViolations(page)) mine.push(`CSP: ${v}`);
    // Same-origin subresources only (the CSP allows nothing else).
    const foreign = await page.evaluate((origin) =>
      performance.getEntriesByType("resource").map((e) => e.name).filter((n) => !n.startsWith(origin)), BASE);
    for (const f of foreign) mine.push(`foreign resource: ${f}`);
    for (const m of mine) seen.push(`${who} ${p}: ${m}`);
    if (mine.length === 0) t.diagnostic(`${who} ${p}: clean`);
    await page.close();
  }
  for (const s of seen) t.diagnostic(s);
  // And whatever the earlier cases saw on their pages.
  for (const s of problems) t.diagnostic(`earlier: ${s}`);
  assert.deepEqual([...seen, ...problems], [], "console errors, CSP violations or failed requests");
});
