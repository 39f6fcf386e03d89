// Part of `npm run build`: the administrative UI's pages (src/admin/static)
// go beside the compiled handler (dist/admin/static), which serves them.
import { cpSync } from "node:fs";
import { join, resolve } from "node:path";

const ROOT = resolve(import.meta.dirname, "..");
cpSync(join(ROOT, "src", "admin", "static"), join(ROOT, "dist", "admin", "static"), { recursive: true });
