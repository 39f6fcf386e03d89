// Typed tasks: an app declares its payloads once and tsc checks addJob.
// The @ts-expect-error lines are the test: `npm test` type-checks this file
// and fails if any of them stops being an error.
import { afterAll, beforeAll, expect, it } from "vitest";
import { makeWorkerUtils, type WorkerUtils } from "../../src/index";
import { createTestDatabase, type TestDatabase } from "./helpers/db";

declare global {
  namespace GraphileWorker {
    interface Tasks {
      send_email: { to: string; subject?: string };
      digest: { to: string }[];
    }
  }
}

function typeChecks(utils: WorkerUtils) {
  void utils.addJob("send_email", { to: "a@example.com" });
  void utils.addJob("send_email", { to: "a@example.com", subject: "hi" }, { priority: 0 });
  // @ts-expect-error: `to` must be a string
  void utils.addJob("send_email", { to: 42 });
  // @ts-expect-error: `to` is required
  void utils.addJob("send_email", { subject: "hi" });
  // @ts-expect-error: no such field
  void utils.addJob("send_email", { to: "a", cc: "b" });
  // An undeclared identifier takes any payload.
  void utils.addJob("anything_else", { whatever: [1, 2, 3] });
  void utils.addJobs([{ identifier: "send_email", payload: { to: "x" } }]);
  // @ts-expect-error: batch specs are checked too
  void utils.addJobs([{ identifier: "send_email", payload: { to: 1 } }]);
  void utils.addBatchJob("digest", [{ to: "a" }, { to: "b" }]);
  // @ts-expect-error: a batch job's items are checked
  void utils.addBatchJob("digest", [{ to: 1 }]);
  // @ts-expect-error: jobKeyMode is one of three
  void utils.addJob("send_email", { to: "a" }, { jobKey: "k", jobKeyMode: "upsert" });
  // @ts-expect-error: unsafe_dedupe is not allowed in a batch
  void utils.addJobs([{ identifier: "x", jobKey: "k", jobKeyMode: "unsafe_dedupe" }]);
}

let db: TestDatabase;
let utils: WorkerUtils;
beforeAll(async () => {
  db = await createTestDatabase();
  utils = await makeWorkerUtils({ pgPool: db.pool });
});
afterAll(async () => {
  await db.drop();
});

it("a declared task's job is added with its typed payload", async () => {
  expect(typeof typeChecks).toBe("function");
  const job = await utils.addJob("send_email", { to: "typed@example.com" });
  expect(job.payload).toEqual({ to: "typed@example.com" });
  const batch = await utils.addBatchJob("digest", [{ to: "a" }]);
  expect(batch.payload).toEqual([{ to: "a" }]);
});
