// graphile-worker admin: the pages, as one small ES module without
// dependencies. Every element is built with h() from text (never HTML from
// data), the API is same-origin JSON, writes carry the session's CSRF token.
// Pages refresh every few seconds while they are shown.

const REFRESH_MS = 3000;
const STATE_LABELS = {
  ready: "Ready", scheduled: "Scheduled", running: "Running", failed: "Failed (retrying)", permanently_failed: "Permanently failed",
};

let authorization = sessionStorage.getItem("gw-admin-authorization") || "";
let session = null;
let timer = null;
let currentPage = null;

// ------------------------------------------------------------------ helpers

function h(tag, attrs = {}, ...children) {
  const svg = ["svg", "rect", "line", "text", "g", "title"].includes(tag);
  const el = svg ? document.createElementNS("http://www.w3.org/2000/svg", tag) : document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith("on")) el.addEventListener(key.slice(2), value);
    else if (key === "class") el.setAttribute("class", value);
    else if (key in el && !svg && typeof value !== "string") el[key] = value;
    else el.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

const $ = (selector) => document.querySelector(selector);

function fmtTime(value) {
  if (!value) return "—";
  const d = new Date(value);
  return d.toLocaleString(undefined, { dateStyle: "short", timeStyle: "medium" });
}

function fmtAge(value) {
  if (!value) return "—";
  const s = Math.round((Date.now() - new Date(value).getTime()) / 1000);
  const abs = Math.abs(s);
  const text = abs < 60 ? `${abs}s` : abs < 3600 ? `${Math.round(abs / 60)}m` : abs < 86400 ? `${Math.round(abs / 3600)}h` : `${Math.round(abs / 86400)}d`;
  return s >= 0 ? `${text} ago` : `in ${text}`;
}

function stateChip(state) {
  return h("span", { class: `state ${state}` }, STATE_LABELS[state] || state);
}

function toast(message, isError = false) {
  const el = $("#toast");
  el.textContent = message;
  el.className = isError ? "error" : "";
  el.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => (el.hidden = true), isError ? 6000 : 3000);
}

/** A write button: disabled (and refused by the server too) in read-only mode. */
function writeButton(label, onclick, extra = {}) {
  const ro = session?.read_only;
  return h("button", { ...extra, class: `write ${extra.class || ""}`, disabled: ro || extra.disabled, title: ro ? "read-only" : extra.title, onclick }, label);
}

class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

async function api(path, { method = "GET", body, stream } = {}) {
  const headers = { "x-requested-with": "graphile-worker-admin" };
  if (authorization) headers.authorization = authorization;
  if (method !== "GET") {
    headers["content-type"] = "application/json";
    if (session) headers["x-csrf-token"] = session.csrf_token;
  }
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: "omit" });
  if (response.status === 401) {
    const answer = await response.json().catch(() => ({}));
    showLogin(answer.auth);
    throw new ApiError(401, "authentication required");
  }
  const type = response.headers.get("content-type") || "";
  if (stream && type.startsWith("application/x-ndjson")) return response;
  const answer = await response.json().catch(() => ({ error: `HTTP ${response.status}` }));
  if (!response.ok) throw new ApiError(response.status, answer.error || `HTTP ${response.status}`);
  return answer;
}

/** Reads an NDJSON answer, calling onLine for each line. */
async function readLines(response, onLine) {
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  let last = null;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let nl;
    while ((nl = buffer.indexOf("\n")) !== -1) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      if (line.trim()) {
        last = JSON.parse(line);
        onLine(last);
      }
    }
  }
  return last;
}

// ------------------------------------------------------------------ confirmation dialog

/**
 * Asks before a write. `run(progress)` does it once confirmed; progress(done,
 * total, text) moves the bar. Resolves true when it ran.
 */
function confirmAction(text, run, { confirmLabel = "Confirm", danger = false } = {}) {
  const dialog = $("#confirm");
  const ok = $("#confirm-ok");
  const cancel = $("#confirm-cancel");
  const bar = $("#confirm-progress");
  const status = $("#confirm-status");
  $("#confirm-text").textContent = text;
  status.textContent = "";
  bar.hidden = true;
  bar.value = 0;
  ok.textContent = confirmLabel;
  ok.className = danger ? "primary danger" : "primary";
  ok.disabled = false;
  cancel.disabled = false;
  cancel.textContent = "Cancel";
  return new Promise((resolve) => {
    const onOk = async (event) => {
      event.preventDefault();
      ok.disabled = true;
      cancel.disabled = true;
      bar.hidden = false;
      try {
        const summary = await run((done, total, line) => {
          bar.max = Math.max(total, 1);
          bar.value = done;
          status.textContent = line;
        });
        status.textContent = summary || "Done.";
        bar.value = bar.max;
        cancel.textContent = "Close";
        cancel.disabled = false;
        ok.hidden = true;
        finish(true);
      } catch (error) {
        status.textContent = `Refused: ${error.message}`;
        cancel.textContent = "Close";
        cancel.disabled = false;
        finish(false);
      }
    };
    let settled = false;
    const finish = (value) => {
      if (settled) return;
      settled = true;
      ok.removeEventListener("click", onOk);
      resolve(value);
    };
    ok.hidden = false;
    ok.addEventListener("click", onOk);
    dialog.addEventListener("close", () => finish(false), { once: true });
    dialog.showModal();
  });
}

// ------------------------------------------------------------------ login

function showLogin(mode) {
  stopRefresh();
  sessionStorage.removeItem("gw-admin-authorization");
  authorization = "";
  const view = $("#view");
  const error = h("p", { class: "muted", id: "login-error" });
  const bearer = mode === "bearer";
  const form = h(
    "form",
    {
      id: "login",
      onsubmit: async (event) => {
        event.preventDefault();
        const data = new FormData(form);
        authorization = bearer
          ? `Bearer ${data.get("token")}`
          : `Basic ${btoa(String.fromCharCode(...new TextEncoder().encode(`${data.get("username")}:${data.get("password")}`)))}`;
        try {
          await loadSession();
          sessionStorage.setItem("gw-admin-authorization", authorization);
          route();
        } catch (e) {
          authorization = "";
          if (e.status === 401) showLogin(mode);
          $("#login-error").textContent = e.status === 401 ? "Wrong credentials." : e.message;
        }
      },
    },
    bearer
      ? h("label", {}, "Bearer token", h("input", { name: "token", type: "password", autocomplete: "current-password", required: true }))
      : [
          h("label", {}, "User name", h("input", { name: "username", autocomplete: "username", value: "admin", required: true })),
          h("label", {}, "Password", h("input", { name: "password", type: "password", autocomplete: "current-password", required: true })),
        ],
    h("button", { class: "primary", type: "submit" }, "Sign in"),
    error,
  );
  view.replaceChildren(h("div", { class: "login panel" }, h("h1", {}, "Sign in"), form));
  form.querySelector("input:not([value])")?.focus();
}

async function loadSession() {
  session = await api("api/session");
  document.body.classList.toggle("read-only", session.read_only);
  $("#mode").hidden = !session.read_only;
}

// ------------------------------------------------------------------ pages

const pages = {};

pages.overview = {
  title: "Overview",
  render(view) {
    this.view = view;
    view.replaceChildren(h("h1", {}, "Overview"), h("div", { id: "overview-body" }, h("p", { class: "muted" }, "Loading…")));
  },
  async refresh() {
    const o = await api("api/overview");
    const cards = h(
      "div",
      { class: "cards" },
      Object.entries(o.totals).map(([state, n]) =>
        h("a", { class: "card", href: `#/jobs?state=${state}`, "data-state": state }, h("div", { class: "n", title: o.estimated ? "estimated from a sample of the table" : null }, `${o.estimated ? "≈" : ""}${n}`), h("div", { class: "l" }, STATE_LABELS[state])),
      ),
      h("a", { class: "card", href: "#/workers" }, h("div", { class: "n", id: "workers-alive" }, o.workers.alive), h("div", { class: "l" }, `workers alive${o.workers.stale ? `, ${o.workers.stale} stale` : ""}`)),
    );
    const oldest = o.oldest_waiting === null
      ? h("p", { class: "muted" }, "The oldest waiting job needs select on the jobs view (not part of the viewer grants).")
      : o.oldest_waiting
      ? h("p", {}, "Oldest waiting job: ", h("a", { href: `#/jobs/${o.oldest_waiting.id}` }, `#${o.oldest_waiting.id} ${o.oldest_waiting.task_identifier}`), `, due ${fmtAge(o.oldest_waiting.run_at)}`)
      : h("p", { class: "muted" }, "No job is waiting.");
    const byTask = new Map();
    for (const row of o.counts) {
      const key = `${row.task_identifier}\u0000${row.queue_name ?? ""}`;
      if (!byTask.has(key)) byTask.set(key, { task: row.task_identifier, queue: row.queue_name, counts: {} });
      byTask.get(key).counts[row.state] = row.count;
    }
    const states = Object.keys(STATE_LABELS);
    const table = h(
      "div",
      { class: "scroll" },
      h(
        "table",
        {},
        h("thead", {}, h("tr", {}, h("th", {}, "Task"), h("th", {}, "Queue"), states.map((s) => h("th", { class: "num" }, STATE_LABELS[s])))),
        h(
          "tbody",
          {},
          [...byTask.values()].map((r) =>
            h(
              "tr",
              {},
              h("td", {}, h("a", { href: `#/jobs?task_identifier=${encodeURIComponent(r.task)}` }, r.task)),
              h("td", {}, r.queue ?? h("span", { class: "muted" }, "—")),
              states.map((s) => h("td", { class: "num" }, r.counts[s] ?? 0)),
            ),
          ),
        ),
      ),
    );
    document.getElementById("overview-body")?.replaceChildren(
      cards,
      h("div", { class: "panel" }, h("h2", {}, `Throughput, last ${o.minutes} minutes`),
        o.throughput ? chart(o.throughput, o.minutes) : h("p", { class: "muted" }, "The throughput needs select on _private_throughput (not part of the viewer grants)."), h("div", { class: "legend muted" }, h("span", { class: "c" }, "■ completed"), h("span", { class: "f" }, "■ failed"))),
      h("div", { class: "panel" }, oldest),
      h("h2", {}, "Jobs by task and queue"),
      byTask.size ? table : h("p", { class: "muted" }, "No jobs."),
    );
  },
};

/** Jobs finished per minute, as stacked bars in inline SVG. */
function chart(rows, minutes) {
  const W = 600, H = 140, pad = 24;
  const now = Date.now();
  const start = Math.floor(now / 60000) * 60000 - (minutes - 1) * 60000;
  const buckets = Array.from({ length: minutes }, () => ({ completed: 0, failed: 0 }));
  for (const r of rows) {
    const i = Math.round((new Date(r.minute).getTime() - start) / 60000);
    if (i >= 0 && i < minutes) buckets[i] = { completed: r.completed, failed: r.failed };
  }
  const max = Math.max(1, ...buckets.map((b) => b.completed + b.failed));
  const bw = (W - pad) / minutes;
  const y = (v) => ((H - 16) * v) / max;
  return h(
    "svg",
    { class: "chart", viewBox: `0 0 ${W} ${H}`, preserveAspectRatio: "none", role: "img", "aria-label": "jobs finished per minute" },
    h("line", { class: "axis", x1: pad, x2: W, y1: H - 16, y2: H - 16 }),
    h("text", { x: 0, y: 10 }, String(max)),
    h("text", { x: 0, y: H - 18 }, "0"),
    h("text", { x: pad, y: H - 2 }, `-${minutes}m`),
    h("text", { x: W - 24, y: H - 2 }, "now"),
    buckets.map((b, i) => {
      const x = pad + i * bw + 1;
      const hc = y(b.completed), hf = y(b.failed);
      return h(
        "g",
        {},
        h("title", {}, `${new Date(start + i * 60000).toLocaleTimeString()}: ${b.completed} completed, ${b.failed} failed`),
        h("rect", { class: "completed", x, width: Math.max(bw - 2, 1), y: H - 16 - hc, height: hc }),
        h("rect", { class: "failed", x, width: Math.max(bw - 2, 1), y: H - 16 - hc - hf, height: hf }),
      );
    }),
  );
}

pages.jobs = {
  render(view, params) {
    this.filter = {
      state: params.get("state") || "",
      task_identifier: params.get("task_identifier") || "",
      queue_name: params.get("queue_name") || "",
      search: params.get("search") || "",
    };
    this.pageSize = Number(params.get("page_size")) || 50;
    this.cursors = [null];
    this.selected = new Set();
    this.page = [];
    const field = (label, name, input) => h("label", {}, label, input);
    const onChange = () => this.applyFilter();
    this.form = h(
      "form",
      { class: "filters", id: "job-filters", onsubmit: (e) => (e.preventDefault(), onChange()) },
      field("State", "state", h("select", { name: "state", onchange: onChange }, h("option", { value: "" }, "any"), Object.entries(STATE_LABELS).map(([v, l]) => h("option", { value: v, selected: v === this.filter.state }, l)))),
      field("Task", "task_identifier", h("input", { name: "task_identifier", value: this.filter.task_identifier, placeholder: "task identifier", onchange: onChange })),
      field("Queue", "queue_name", h("input", { name: "queue_name", value: this.filter.queue_name, placeholder: "queue name", onchange: onChange })),
      field("Search", "search", h("input", { name: "search", type: "search", value: this.filter.search, placeholder: "id, key, error, payload…", onchange: onChange })),
      field("Page size", "page_size", h("select", { name: "page_size", onchange: onChange }, (session.page_sizes || [50]).map((n) => h("option", { value: n, selected: n === this.pageSize }, n)))),
      h("button", { type: "submit" }, "Apply"),
    );
    const action = (label, name, extra = {}) => writeButton(label, () => this.act(name, false), { "data-action": name, ...extra });
    const actionAll = (label, name) => writeButton(label, () => this.act(name, true), { "data-action-all": name });
    this.selectionBar = h("div", { class: "actions", id: "selection-actions" },
      h("span", { id: "selection-count", class: "muted" }, "0 selected"),
      action("Complete", "complete"), action("Fail", "fail", { class: "danger" }), action("Run now", "run-now"), action("Retry", "retry"), action("Reschedule…", "reschedule"));
    this.filterBar = h("div", { class: "actions", id: "filter-actions" },
      h("span", { class: "muted" }, "All matching the filter:"),
      actionAll("Complete all", "complete"), actionAll("Fail all", "fail"), actionAll("Run all now", "run-now"), actionAll("Retry all", "retry"));
    this.tbody = h("tbody", { id: "jobs-body" });
    this.allBox = h("input", { type: "checkbox", "aria-label": "select the page", onchange: (e) => this.selectPage(e.target.checked) });
    this.pager = h("div", { class: "pager" });
    view.replaceChildren(
      h("h1", {}, "Jobs"),
      this.form,
      this.selectionBar,
      this.filterBar,
      h("div", { class: "scroll" }, h("table", { id: "jobs-table" },
        h("thead", {}, h("tr", {}, h("th", {}, this.allBox), h("th", {}, "Id"), h("th", {}, "Task"), h("th", {}, "Queue"), h("th", {}, "State"),
          h("th", { class: "num" }, "Attempts"), h("th", {}, "Run at"), h("th", {}, "Key"), h("th", {}, "Last error"))),
        this.tbody)),
      this.pager,
    );
    this.updateSelection();
  },
  applyFilter() {
    const data = new FormData(this.form);
    for (const key of Object.keys(this.filter)) this.filter[key] = String(data.get(key) || "").trim();
    this.pageSize = Number(data.get("page_size"));
    this.cursors = [null];
    this.selected.clear();
    const query = new URLSearchParams(Object.entries(this.filter).filter(([, v]) => v));
    if (this.pageSize !== 50) query.set("page_size", this.pageSize);
    history.replaceState(null, "", `#/jobs${query.size ? `?${query}` : ""}`);
    this.refresh();
  },
  query(afterId) {
    const query = new URLSearchParams(Object.entries(this.filter).filter(([, v]) => v));
    query.set("page_size", this.pageSize);
    if (afterId) query.set("after_id", afterId);
    return query;
  },
  async refresh() {
    const cursor = this.cursors[this.cursors.length - 1];
    const { jobs, next_after_id } = await api(`api/jobs?${this.query(cursor)}`);
    this.page = jobs;
    this.tbody.replaceChildren(
      ...(jobs.length
        ? jobs.map((job) =>
            h("tr", { class: this.selected.has(job.id) ? "selected" : "", "data-id": job.id },
              h("td", {}, h("input", { type: "checkbox", "aria-label": `select job ${job.id}`, checked: this.selected.has(job.id), onchange: (e) => this.select(job.id, e.target.checked) })),
              h("td", {}, h("a", { href: `#/jobs/${job.id}` }, job.id)),
              h("td", {}, job.task_identifier),
              h("td", {}, job.queue_name ?? h("span", { class: "muted" }, "—")),
              h("td", {}, stateChip(job.state)),
              h("td", { class: "num" }, `${job.attempts}/${job.max_attempts}`),
              h("td", { title: fmtTime(job.run_at) }, fmtAge(job.run_at)),
              h("td", { class: "wrap" }, job.key ?? ""),
              h("td", { class: "wrap muted" }, (job.last_error || "").slice(0, 120))))
        : [h("tr", {}, h("td", { colspan: 9, class: "muted" }, "No job matches."))]),
    );
    this.pager.replaceChildren(
      h("button", { disabled: this.cursors.length === 1, onclick: () => (this.cursors = [null], this.refresh()) }, "First page"),
      h("button", { disabled: this.cursors.length === 1, onclick: () => (this.cursors.pop(), this.refresh()) }, "Previous"),
      h("span", { class: "muted" }, `page ${this.cursors.length}`),
      h("button", { id: "next-page", disabled: !next_after_id, onclick: () => (this.cursors.push(next_after_id), this.refresh()) }, "Next"),
    );
    this.updateSelection();
  },
  select(id, on) {
    if (on) this.selected.add(id);
    else this.selected.delete(id);
    this.tbody.querySelector(`tr[data-id="${id}"]`)?.classList.toggle("selected", on);
    this.updateSelection();
  },
  selectPage(on) {
    for (const job of this.page) this.select(job.id, on);
    for (const box of this.tbody.querySelectorAll("input[type=checkbox]")) box.checked = on;
  },
  updateSelection() {
    const n = this.selected.size;
    $("#selection-count").textContent = `${n} selected`;
    for (const button of this.selectionBar.querySelectorAll("button")) button.disabled = session.read_only || n === 0;
    this.allBox.checked = this.page.length > 0 && this.page.every((job) => this.selected.has(job.id));
  },
  describeFilter() {
    const parts = Object.entries(this.filter).filter(([, v]) => v).map(([k, v]) => `${k.replace("_identifier", "").replace("_name", "")} ${k === "state" ? STATE_LABELS[v] : JSON.stringify(v)}`);
    return parts.length ? parts.join(", ") : "no filter: every job";
  },
  async act(action, onFilter) {
    const verbs = { complete: "Complete (delete)", fail: "Permanently fail", "run-now": "Run now", retry: "Retry (attempts reset to 0)", reschedule: "Reschedule" };
    // Retry: run now with the attempts reset, so permanently failed jobs run again.
    const body = action === "retry" ? { action: "reschedule", run_at: "now", attempts: 0 } : { action };
    if (action === "fail") body.reason = "failed from the admin UI";
    if (action === "reschedule") {
      const when = prompt("Run at (ISO time, or now):", new Date(Date.now() + 3600_000).toISOString());
      if (!when) return;
      body.run_at = when;
    }
    if (onFilter) {
      body.filter = Object.fromEntries(Object.entries(this.filter).filter(([, v]) => v));
      const { matching } = await api("api/jobs/action", { method: "POST", body: { ...body, dry_run: true } }).catch((e) => (toast(e.message, true), {}));
      if (matching === undefined) return;
      await confirmAction(
        `${verbs[action]} ${matching} job${matching === 1 ? "" : "s"} matching ${this.describeFilter()}? Running jobs are left alone.`,
        async (progress) => {
          const response = await api("api/jobs/action", { method: "POST", body, stream: true });
          const last = await readLines(response, (l) => progress(l.done, l.total, `${l.done} of ${l.total} done, ${l.affected} changed`));
          if (last?.error) throw new Error(last.error);
          return `${last.done} of ${last.total} jobs processed, ${last.affected} changed.`;
        },
        { confirmLabel: `${verbs[action].replace(/ \(.*\)$/, "")} ${matching}`, danger: action === "complete" || action === "fail" },
      );
    } else {
      body.ids = [...this.selected];
      const n = body.ids.length;
      await confirmAction(`${verbs[action]} ${n} selected job${n === 1 ? "" : "s"}? Running jobs are left alone.`, async (progress) => {
        const r = await api("api/jobs/action", { method: "POST", body });
        progress(n, n, "");
        return `${r.affected} of ${n} jobs changed.`;
      }, { confirmLabel: `${verbs[action].replace(/ \(.*\)$/, "")} ${n}`, danger: action === "complete" || action === "fail" });
    }
    this.selected.clear();
    this.refresh().catch(() => {});
  },
};

pages.job = {
  render(view, params, id) {
    this.id = id;
    this.body = h("div", {}, h("p", { class: "muted" }, "Loading…"));
    view.replaceChildren(h("p", {}, h("a", { href: "#/jobs" }, "← Jobs")), h("h1", {}, `Job #${id}`), this.body);
  },
  async refresh() {
    let job;
    try {
      job = await api(`api/jobs/${encodeURIComponent(this.id)}`);
    } catch (e) {
      if (e.status !== 404) throw e;
      this.body.replaceChildren(h("p", { class: "muted" }, `No job #${this.id} (it may have completed).`));
      return;
    }
    if (this.shown === JSON.stringify(job)) return;
    this.shown = JSON.stringify(job);
    const act = (label, action, extra = {}, fields = {}) =>
      writeButton(label, () =>
        confirmAction(`${label} job #${job.id}?`, async () => {
          const body = { action, ids: [job.id], ...fields };
          if (action === "fail") body.reason = "failed from the admin UI";
          const r = await api("api/jobs/action", { method: "POST", body });
          this.shown = null;
          this.refresh().catch(() => {});
          return r.affected ? "Done." : "Nothing changed (the job is running or gone).";
        }), { "data-action": action, ...extra });
    const kv = (k, v) => [h("dt", {}, k), h("dd", {}, v ?? h("span", { class: "muted" }, "—"))];
    this.body.replaceChildren(
      h("div", { class: "actions" }, act("Complete", "complete"), act("Fail", "fail", { class: "danger" }),
        // A permanently failed job runs again only with its attempts reset.
        job.state === "permanently_failed"
          ? act("Retry now", "reschedule", { "data-action": "retry" }, { run_at: "now", attempts: 0 })
          : act("Run now", "run-now")),
      h("div", { class: "panel" }, h("dl", { class: "kv", id: "job-fields" },
        kv("State", stateChip(job.state)), kv("Task", job.task_identifier), kv("Queue", job.queue_name),
        kv("Key", job.key), kv("Revision", job.revision), kv("Priority", job.priority),
        kv("Attempts", `${job.attempts} of ${job.max_attempts}`), kv("Run at", `${fmtTime(job.run_at)} (${fmtAge(job.run_at)})`),
        kv("Flags", job.flags ? Object.keys(job.flags).join(", ") || "—" : null),
        kv("Locked by", job.locked_by ? `${job.locked_by} since ${fmtTime(job.locked_at)}` : null),
        kv("Created", fmtTime(job.created_at)), kv("Updated", fmtTime(job.updated_at)))),
      h("h2", {}, "Payload"),
      job.payload_hidden
        ? h("p", { class: "muted", id: "payload" }, "Hidden: this server's database role is not granted get_job (payloads).")
        : h("pre", { id: "payload" }, JSON.stringify(job.payload, null, 2)),
      h("h2", {}, "Last error"), job.last_error ? h("pre", { id: "last-error" }, job.last_error) : h("p", { class: "muted" }, "None."),
    );
  },
};

pages.queues = {
  render(view) {
    this.tbody = h("tbody", { id: "queues-body" });
    const task = h("input", { name: "task_identifier", placeholder: "task identifier", required: true });
    const taskAction = (action) => writeButton(action === "pause" ? "Pause task" : "Resume task", () => {
      if (!task.value) return toast("Name a task.", true);
      confirmAction(`${action === "pause" ? "Pause" : "Resume"} every ${task.value} job?`, async () => {
        const r = await api("api/queues", { method: "POST", body: { action, task_identifier: task.value } });
        return r.changed ? (action === "pause" ? "Paused: its jobs wait until it is resumed." : "Resumed.") : `It was ${action === "pause" ? "paused" : "not paused"} already.`;
      });
    }, { type: "button", "data-task-action": action });
    view.replaceChildren(h("h1", {}, "Queues"),
      h("p", { class: "muted" }, "A named queue runs one job at a time. Pausing a queue or a task keeps its jobs waiting; running ones finish."),
      h("div", { class: "scroll" }, h("table", {}, h("thead", {}, h("tr", {}, h("th", {}, "Queue"), h("th", { class: "num" }, "Waiting"), h("th", { class: "num" }, "Running"), h("th", {}, "Head job"), h("th", {}, "Locked by"), h("th", {}, "Since"), h("th", {}, "Paused"), h("th", {}, ""))), this.tbody)),
      h("h2", {}, "Tasks"),
      h("form", { class: "actions", onsubmit: (e) => e.preventDefault() }, task, taskAction("pause"), taskAction("resume")));
  },
  async refresh() {
    const { queues } = await api("api/queues");
    const toggle = (q) => writeButton(q.paused ? "Resume" : "Pause", () =>
      confirmAction(`${q.paused ? "Resume" : "Pause"} queue ${q.queue_name}?`, async () => {
        await api("api/queues", { method: "POST", body: { action: q.paused ? "resume" : "pause", queue_name: q.queue_name } });
        this.refresh().catch(() => {});
        return q.paused ? "Resumed." : "Paused: its jobs wait until it is resumed.";
      }), { "data-queue": q.queue_name });
    this.tbody.replaceChildren(...(queues.length ? queues.map((q) => h("tr", { "data-queue": q.queue_name },
      h("td", {}, h("a", { href: `#/jobs?queue_name=${encodeURIComponent(q.queue_name)}` }, q.queue_name)),
      h("td", { class: "num" }, `${q.waiting}${q.waiting_capped ? "+" : ""}`), h("td", { class: "num" }, q.running),
      h("td", {}, q.head_job_id ? h("a", { href: `#/jobs/${q.head_job_id}` }, `#${q.head_job_id}`) : "—"),
      h("td", {}, q.locked_by ?? "—"), h("td", {}, fmtAge(q.locked_at)),
      h("td", { class: "paused-cell" }, q.paused ? h("span", { class: "state paused" }, "paused") : "no"),
      h("td", {}, toggle(q)))) : [h("tr", {}, h("td", { colspan: 8, class: "muted" }, "No named queue."))]));
  },
};

pages.workers = {
  render(view) {
    this.tbody = h("tbody", { id: "workers-body" });
    this.sweepResult = h("p", { class: "muted", id: "sweep-result" }, "A sweep recovers the jobs and queues of workers that stopped heartbeating. Try a dry run first.");
    view.replaceChildren(h("h1", {}, "Workers"),
      h("div", { class: "actions" },
        writeButton("Sweep stale workers (dry run)", () => this.sweep(true), { id: "sweep-dry" }),
        writeButton("Sweep now", () => this.sweep(false), { id: "sweep-now", class: "danger" })),
      this.sweepResult,
      h("div", { class: "scroll" }, h("table", {}, h("thead", {}, h("tr", {}, h("th", {}, "Worker"), h("th", {}, "State"), h("th", {}, "Started"), h("th", {}, "Last heartbeat"), h("th", { class: "num" }, "Jobs locked"), h("th", { class: "num" }, "Queues locked"), h("th", {}, ""))), this.tbody)));
  },
  async sweep(dryRun) {
    const run = async () => {
      const r = await api("api/maintenance", { method: "POST", body: { action: "sweep-stale-workers", dry_run: dryRun } });
      const text = `${dryRun ? "A sweep would recover" : "Recovered"} ${r.jobs_recovered} job(s) and ${r.queues_unlocked} queue(s) of ${r.dead_worker_ids.length} worker(s)${r.dead_worker_ids.length ? `: ${r.dead_worker_ids.join(", ")}` : ""}.`;
      this.sweepResult.textContent = text;
      this.refresh().catch(() => {});
      return text;
    };
    if (dryRun) run().catch((e) => toast(e.message, true));
    else await confirmAction("Sweep stale workers now? Their jobs run again after the recovery delay.", run, { danger: true });
  },
  async refresh() {
    const { workers } = await api("api/workers");
    this.tbody.replaceChildren(...(workers.length ? workers.map((w) => h("tr", { "data-worker": w.worker_id },
      h("td", {}, w.worker_id),
      h("td", {}, w.is_stale ? h("span", { class: "state stale" }, "stale") : w.registered ? h("span", { class: "state ready" }, "alive") : h("span", { class: "state" }, "unregistered")),
      h("td", {}, fmtTime(w.started_at)), h("td", {}, fmtAge(w.last_heartbeat_at)),
      h("td", { class: "num" }, w.jobs_locked), h("td", { class: "num" }, w.queues_locked),
      h("td", {}, writeButton("Force unlock", () => confirmAction(
        `Clear every lock held by ${w.worker_id}?${w.is_stale ? "" : " It is still heartbeating: if it is running, its jobs may run twice."}`,
        async () => {
          await api("api/maintenance", { method: "POST", body: { action: "force-unlock", worker_ids: [w.worker_id] } });
          this.refresh().catch(() => {});
          return "Unlocked.";
        }, { danger: true }), { class: "danger" })))) : [h("tr", {}, h("td", { colspan: 7, class: "muted" }, "No worker is registered or holds a lock."))]));
  },
};

pages.schedules = {
  render(view) {
    this.tbody = h("tbody", { id: "schedules-body" });
    view.replaceChildren(h("h1", {}, "Schedules"),
      h("div", { class: "scroll" }, h("table", {}, h("thead", {}, h("tr", {}, h("th", {}, "Id"), h("th", {}, "Cron"), h("th", {}, "Time zone"), h("th", {}, "Task"), h("th", {}, "State"), h("th", {}, "Next fire"), h("th", {}, "Last fire"), h("th", {}, "Last job"), h("th", {}, ""))), this.tbody)));
  },
  async refresh() {
    const { schedules } = await api("api/schedules");
    const act = (s, action, label) => writeButton(label, () => confirmAction(`${label} schedule ${s.id}?`, async () => {
      const r = await api("api/schedules", { method: "POST", body: { action, id: s.id } });
      this.refresh().catch(() => {});
      return action === "trigger" ? `Added job #${r.job_id}.` : "Done.";
    }), { "data-schedule-action": action });
    this.tbody.replaceChildren(...(schedules.length ? schedules.map((s) => h("tr", { "data-schedule": s.id },
      h("td", {}, s.id), h("td", {}, h("code", {}, s.cron)), h("td", {}, s.time_zone), h("td", {}, s.task_identifier),
      h("td", {}, s.enabled ? h("span", { class: "state ready" }, "active") : h("span", { class: "state paused" }, "paused")),
      h("td", {}, s.next_fire_at ? `${fmtTime(s.next_fire_at)} (${fmtAge(s.next_fire_at)})` : "—"), h("td", {}, fmtAge(s.last_fire_at)),
      h("td", {}, s.last_job_id ? h("a", { href: `#/jobs/${s.last_job_id}` }, `#${s.last_job_id}`) : "—"),
      h("td", {}, s.enabled ? act(s, "pause", "Pause") : act(s, "resume", "Resume"), " ", act(s, "trigger", "Run now"))))
      : [h("tr", {}, h("td", { colspan: 9, class: "muted" }, "No schedule. Add one with upsert_schedule() or a crontab."))]));
  },
};

pages.maintenance = {
  render(view) {
    this.migrations = h("div", { id: "migrations" }, h("p", { class: "muted" }, "Loading…"));
    const boxes = (session.cleanup_tasks || []).map((task) => h("label", {}, h("input", { type: "checkbox", name: "task", value: task, checked: task === "GC_JOB_QUEUES" }), ` ${task}`));
    const cleanupForm = h("form", { class: "actions", onsubmit: (e) => e.preventDefault() }, boxes,
      writeButton("Run cleanup", () => {
        const tasks = [...cleanupForm.querySelectorAll("input:checked")].map((b) => b.value);
        if (!tasks.length) return toast("Choose a cleanup task.", true);
        confirmAction(`Run cleanup: ${tasks.join(", ")}?`, async () => {
          const r = await api("api/maintenance", { method: "POST", body: { action: "cleanup", tasks } });
          return r.results.map((x) => `${x.task}: ${x.deleted} deleted`).join("; ");
        }, { danger: tasks.includes("DELETE_PERMAFAILED_JOBS") });
      }, { id: "run-cleanup" }));
    const keyInput = h("input", { name: "key", placeholder: "job key", required: true });
    const removeForm = h("form", { class: "actions", onsubmit: (e) => {
      e.preventDefault();
      const key = keyInput.value;
      confirmAction(`Remove the waiting job with key ${JSON.stringify(key)}?`, async () => {
        const r = await api("api/jobs/remove-by-key", { method: "POST", body: { key } });
        return r.removed ? `Removed job #${r.removed.id} (${r.removed.task_identifier}).` : "No waiting job has that key.";
      }, { danger: true });
    } }, keyInput, writeButton("Remove by key", undefined, { type: "submit" }));
    view.replaceChildren(h("h1", {}, "Maintenance"),
      h("div", { class: "panel" }, h("h2", {}, "Migrations"), this.migrations),
      h("div", { class: "panel" }, h("h2", {}, "Cleanup"), h("p", { class: "muted" }, "GC_JOB_QUEUES deletes queues no job uses, GC_TASK_IDENTIFIERS unused task identifiers, DELETE_PERMAFAILED_JOBS permanently failed jobs."), cleanupForm),
      h("div", { class: "panel" }, h("h2", {}, "Remove a job by key"), removeForm));
  },
  async refresh() {
    const { migrations } = await api("api/maintenance");
    const last = migrations.applied[migrations.applied.length - 1];
    this.migrations.replaceChildren(
      h("p", { id: "migrate-status" }, migrations.pending.length
        ? `${migrations.pending.length} migration(s) pending: ${migrations.pending.join(", ")}. Run graphile-worker migrate as the schema's owner.`
        : `Up to date: ${last ? last.name : "no migration"} (applied ${fmtTime(last?.applied_at)}).`),
      migrations.applied.some((m) => !m.known) ? h("p", { class: "muted" }, "The schema has migrations this package does not know (a newer package migrated it).") : null,
    );
  },
};

// ------------------------------------------------------------------ router and refresh

function stopRefresh() {
  clearTimeout(timer);
  timer = null;
}

function scheduleRefresh(page, token) {
  stopRefresh();
  timer = setTimeout(async () => {
    if (currentPage !== token) return;
    if (!$("#confirm").open && document.visibilityState === "visible") {
      try {
        await page.refresh();
      } catch (e) {
        if (e.status === 401) return;
      }
    }
    if (currentPage === token) scheduleRefresh(page, token);
  }, REFRESH_MS);
}

async function route() {
  if (!session) {
    try {
      await loadSession();
    } catch (e) {
      if (e.status !== 401) $("#view").replaceChildren(h("p", {}, `Cannot reach the server: ${e.message}`));
      return;
    }
  }
  const hash = location.hash.replace(/^#\/?/, "") || "overview";
  const [path, search] = hash.split("?");
  const params = new URLSearchParams(search || "");
  const parts = path.split("/");
  let name = parts[0];
  let page = pages[name];
  let id;
  if (name === "jobs" && parts[1]) {
    page = pages.job;
    id = decodeURIComponent(parts[1]);
  }
  if (!page) {
    name = "overview";
    page = pages.overview;
  }
  for (const link of document.querySelectorAll("#nav a")) link.classList.toggle("active", link.dataset.page === name);
  const token = {};
  currentPage = token;
  const view = $("#view");
  page.render(view, params, id);
  document.title = `${name[0].toUpperCase()}${name.slice(1)} · graphile-worker admin`;
  try {
    await page.refresh();
  } catch (e) {
    if (e.status !== 401) toast(e.message, true);
  }
  if (currentPage === token) scheduleRefresh(page, token);
}

window.addEventListener("hashchange", () => route());
route();
