// The administrative UI in a real headless Chromium (Debian's, which the
// test setup installs when missing) against the built server and a real
// database: sign in, filter, search, open a job, a bulk action on a filter
// with its confirmation and progress, a queue, a worker and a sweep's dry
// run, and read-only mode greying out and refusing writes. Takes the
// screenshots the README shows; `npm run screenshots` writes them to
// docs/screenshots, other runs to a temporary folder.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "./helpers/db";
import { ROOT } from "./helpers/fixtures";
import { startAdmin, type AdminServer } from "./helpers/admin";

const CHROMIUM = "/usr/bin/chromium";
const SCREENSHOTS = process.env.UPDATE_SCREENSHOTS
  ? join(ROOT, "docs", "screenshots")
  : mkdtempSync(join(tmpdir(), "gw-screenshots-"));

let db: TestDatabase;
let server: AdminServer;
let readOnlyServer: AdminServer;
let browser: Browser;
let page: Page;
/** Uncaught errors of the pages' script: none expected. */
const pageErrors: string[] = [];

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: run npm test (it installs chromium) or apt-get install chromium`);
  }
  mkdirSync(SCREENSHOTS, { recursive: true });
  db = await createTestDatabase();
  await db.pool.query(`
    select graphile_worker.add_job('send_email', json_build_object('to', 'user-' || n || '@example.com', 'template', 'welcome'))
    from generate_series(1, 30) as n;
    select graphile_worker.add_job('resize_image', json_build_object('path', '/uploads/' || n || '.png', 'width', 640),
      queue_name := 'images', job_key := 'image-' || n)
    from generate_series(1, 6) as n;
    select graphile_worker.add_job('send_email', '{"to": "bounce@example.com"}', run_at := now() + interval '2 hours');
    select graphile_worker.permanently_fail_jobs(array[
      (graphile_worker.add_job('charge_card', '{"order": 1042, "amount_cents": 1999}')).id
    ], 'card declined: insufficient funds');
    select graphile_worker.worker_register('worker-laptop-1', interval '30 seconds', '{"hostname": "laptop", "pid": 4242}');
    select graphile_worker.worker_heartbeat_v2('worker-laptop-1', interval '30 seconds', null, 42, 3);
    select graphile_worker.upsert_schedule('nightly-report', '0 3 * * *', 'send_report', '{"kind": "daily"}', 'Europe/Paris');
  `);
  // A past hour of throughput for the chart, as heartbeats would have summed it.
  await db.pool.query(`
    insert into graphile_worker._private_throughput (minute, completed, failed)
    select date_trunc('minute', now()) - make_interval(mins => m), 20 + (m * 7) % 23, (m % 9 = 0)::int * 2
    from generate_series(1, 59) as m
    on conflict (minute) do nothing
  `);
  [server, readOnlyServer] = await Promise.all([
    startAdmin(db.url, ["--auth", "basic", "--password", "correct horse"]),
    startAdmin(db.url, ["--auth", "none", "--read-only"]),
  ]);
  // launch() gives Chromium a fresh, temporary --user-data-dir of its own.
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      ...(process.getuid?.() === 0 ? ["--no-sandbox"] : []),
      "--headless",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
  page = await browser.newPage({ viewport: { width: 1280, height: 800 }, colorScheme: "light" });
  page.on("pageerror", (error) => pageErrors.push(error.message));
});

afterAll(async () => {
  await browser?.close();
  await Promise.all([server?.stop(), readOnlyServer?.stop()]);
  await db?.drop();
  if (!process.env.UPDATE_SCREENSHOTS) rmSync(SCREENSHOTS, { recursive: true, force: true });
});

const shot = (name: string, target: Page = page) => target.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: false });

describe("the admin UI in Chromium", () => {
  it("signs in, shows the overview, filters, searches and opens a job", async () => {
    await page.goto(server.url);
    await page.waitForSelector("form#login");
    await page.fill("input[name=password]", "wrong");
    await page.click("form#login button[type=submit]");
    await expect.poll(() => page.textContent("#login-error")).toBe("Wrong credentials.");
    await page.fill("input[name=password]", "correct horse");
    await page.click("form#login button[type=submit]");
    await page.waitForSelector("#overview-body .cards");
    expect(await page.textContent('[data-state="ready"] .n')).toBe("36");
    expect(await page.textContent('[data-state="permanently_failed"] .n')).toBe("1");
    expect(await page.textContent("#workers-alive")).toBe("1");
    expect(await page.locator("svg.chart rect.completed").count()).toBe(60);
    await shot("overview");

    await page.click('nav a[data-page="jobs"]');
    await page.waitForSelector("#jobs-body tr[data-id]");
    expect(await page.locator("#jobs-body tr[data-id]").count()).toBe(38);
    await shot("jobs");
    await page.selectOption('select[name="state"]', "permanently_failed");
    await expect.poll(() => page.locator("#jobs-body tr[data-id]").count()).toBe(1);
    expect(await page.textContent("#jobs-body")).toContain("card declined");
    await page.selectOption('select[name="state"]', "");
    await page.fill('input[name="search"]', "user-17@");
    await page.press('input[name="search"]', "Enter");
    await expect.poll(() => page.locator("#jobs-body tr[data-id]").count()).toBe(1);
    await page.click("#jobs-body tr[data-id] a");
    await page.waitForSelector("#payload");
    expect(JSON.parse((await page.textContent("#payload"))!)).toEqual({ to: "user-17@example.com", template: "welcome" });
    expect(await page.textContent("#job-fields")).toContain("send_email");

    await page.goto(`${server.url}#/jobs?state=permanently_failed`);
    await page.click("#jobs-body tr[data-id] a");
    await page.waitForSelector("#last-error");
    expect(await page.textContent("#last-error")).toBe("card declined: insufficient funds");
    await shot("job");
    await page.click('button[data-action="retry"]');
    await page.click("#confirm-ok");
    await expect.poll(() => page.textContent("#confirm-status")).toBe("Done.");
    await page.click("#confirm-cancel");
    await expect.poll(() => page.textContent("#job-fields")).toContain("Attempts0 of 25");
  });

  it("runs a bulk action on everything a filter matches, after a confirmation saying how many", async () => {
    await page.goto(`${server.url}#/jobs`);
    await page.fill('input[name="task_identifier"]', "send_email");
    await page.press('input[name="task_identifier"]', "Enter");
    await expect.poll(() => page.locator("#jobs-body tr[data-id]").count()).toBe(31);
    await page.click('button[data-action-all="complete"]');
    await page.waitForSelector("dialog#confirm[open]");
    expect(await page.textContent("#confirm-text")).toMatch(/^Complete \(delete\) 31 jobs matching task "send_email"\?/);
    await page.click("#confirm-ok");
    await expect.poll(() => page.textContent("#confirm-status")).toBe("31 of 31 jobs processed, 31 changed.");
    await page.click("#confirm-cancel");
    await expect.poll(() => page.locator("#jobs-body tr[data-id]").count()).toBe(0);
    const { rows } = await db.pool.query("select count(*)::int as n from graphile_worker.jobs where task_identifier = 'send_email'");
    expect(rows[0].n).toBe(0);

    // On a selection: two of the images jobs, run now.
    await page.goto(`${server.url}#/jobs?queue_name=images`);
    await page.waitForSelector("#jobs-body tr[data-id]");
    const boxes = page.locator("#jobs-body tr[data-id] input[type=checkbox]");
    await boxes.nth(0).check();
    await boxes.nth(1).check();
    expect(await page.textContent("#selection-count")).toBe("2 selected");
    await page.click('#selection-actions button[data-action="run-now"]');
    expect(await page.textContent("#confirm-text")).toMatch(/^Run now 2 selected jobs\?/);
    await page.click("#confirm-ok");
    await expect.poll(() => page.textContent("#confirm-status")).toBe("2 of 2 jobs changed.");
    await page.click("#confirm-cancel");
  });

  it("shows queues, workers (with a sweep's dry run), schedules and maintenance", async () => {
    await page.goto(`${server.url}#/queues`);
    await page.waitForSelector('#queues-body tr[data-queue="images"]');
    expect(await page.textContent('#queues-body tr[data-queue="images"]')).toContain("6");
    const pause = page.locator('#queues-body button[data-queue="images"]');
    expect(await pause.textContent()).toBe("Pause");
    await pause.click();
    await page.click("#confirm-ok");
    await expect.poll(() => page.textContent("#confirm-status")).toBe("Paused: its jobs wait until it is resumed.");
    await page.click("#confirm-cancel");
    await expect.poll(() => page.textContent('#queues-body tr[data-queue="images"] .paused-cell')).toBe("paused");
    const paused = await db.pool.query("select paused from graphile_worker.list_queues() where queue_name = 'images'");
    expect(paused.rows).toEqual([{ paused: true }]);
    await shot("queues");
    await page.click('#queues-body button[data-queue="images"]');
    await page.click("#confirm-ok");
    await expect.poll(() => page.textContent("#confirm-status")).toBe("Resumed.");
    await page.click("#confirm-cancel");
    await expect.poll(() => page.textContent('#queues-body tr[data-queue="images"] .paused-cell')).toBe("no");

    await page.click('nav a[data-page="workers"]');
    await page.waitForSelector('#workers-body tr[data-worker="worker-laptop-1"]');
    expect(await page.textContent('#workers-body tr[data-worker="worker-laptop-1"]')).toContain("alive");
    await page.click("#sweep-dry");
    await expect.poll(() => page.textContent("#sweep-result")).toBe("A sweep would recover 0 job(s) and 0 queue(s) of 0 worker(s).");
    await shot("workers");

    await page.click('nav a[data-page="schedules"]');
    await page.waitForSelector('#schedules-body tr[data-schedule="nightly-report"]');
    await shot("schedules");
    await page.click('nav a[data-page="maintenance"]');
    await expect.poll(() => page.textContent("#migrate-status")).toMatch(/^Up to date: /);
    await shot("maintenance");
  });

  it("on a phone, in dark mode", async () => {
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, colorScheme: "dark", deviceScaleFactor: 2 });
    await phone.setExtraHTTPHeaders({ authorization: `Basic ${Buffer.from("admin:correct horse").toString("base64")}` });
    await phone.goto(server.url);
    await phone.waitForSelector("#overview-body .cards");
    await shot("overview-phone-dark", phone);
    await phone.close();
  });

  it("read-only mode greys out the writes, and the server refuses them", async () => {
    const viewer = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await viewer.goto(`${readOnlyServer.url}#/jobs`);
    await viewer.waitForSelector("#jobs-body tr[data-id]");
    expect(await viewer.isVisible("#mode")).toBe(true);
    expect(await viewer.locator("button.write:not([disabled])").count()).toBe(0);
    expect(await viewer.locator('#filter-actions button[data-action-all="complete"]').isDisabled()).toBe(true);
    const answer = await viewer.evaluate(async () => {
      const session = (await (await fetch("api/session")).json()) as { csrf_token: string };
      const response = await fetch("api/jobs/action", {
        method: "POST",
        headers: { "content-type": "application/json", "x-csrf-token": session.csrf_token },
        body: JSON.stringify({ action: "complete", filter: {} }),
      });
      return { status: response.status, body: await response.json() };
    });
    expect(answer).toEqual({ status: 403, body: { error: "this server is read-only" } });
    await viewer.close();
    expect(pageErrors).toEqual([]);
  });
});
