// `npm run generate`: rewrites src/generated from sql/queries (after `npm run build`).
import { createDatabase, dropDatabase, ensureServer, log } from "./lib/postgres.mjs";
import { generate, GENERATED_DIR } from "./lib/pgtyped.mjs";

const server = await ensureServer();
const name = `gwtest_generate_${process.pid}`;
try {
  await generate(await createDatabase(server.url, name), GENERATED_DIR);
  log("src/generated is up to date");
} finally {
  await dropDatabase(server.url, name);
  server.stop();
}
