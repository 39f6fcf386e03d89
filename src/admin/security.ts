/**
 * The administrative UI's guards: who may ask (basic or bearer credentials,
 * compared in constant time), that a write comes from the UI's own page (a
 * CSRF token bound to the credentials, echoed in a header, and the Origin),
 * and the headers every answer carries.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";

export type AuthMode = "basic" | "bearer" | "none";

export interface AuthOptions {
  mode: AuthMode;
  /** basic: default "admin". */
  username?: string;
  /** basic: required. */
  password?: string;
  /** bearer: required. */
  bearerToken?: string;
}

/** Strict: no inline script or style, nothing from elsewhere, never framed. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  "content-security-policy":
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  "x-frame-options": "DENY",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "cache-control": "no-store",
  "cross-origin-opener-policy": "same-origin",
  "cross-origin-resource-policy": "same-origin",
  "permissions-policy": "camera=(), microphone=(), geolocation=()",
});

function digest(text: string): Buffer {
  return createHash("sha256").update(text, "utf8").digest();
}

/** Equal strings, in time that does not depend on where they differ (both are hashed first). */
export function sameSecret(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

/** A random secret for a password or token nobody gave. */
export function generateSecret(): string {
  return randomBytes(24).toString("base64url");
}

export class Guard {
  private readonly key = randomBytes(32);

  constructor(readonly auth: AuthOptions) {
    if (auth.mode === "basic" && !auth.password) throw new TypeError("admin: basic auth needs a password");
    if (auth.mode === "bearer" && !auth.bearerToken) throw new TypeError("admin: bearer auth needs a token");
    if (!["basic", "bearer", "none"].includes(auth.mode)) {
      throw new TypeError(`admin: auth must be basic, bearer or none (got ${JSON.stringify(auth.mode)})`);
    }
  }

  /** The credentials of the request are the configured ones. */
  authenticated(req: IncomingMessage): boolean {
    const header = req.headers.authorization ?? "";
    switch (this.auth.mode) {
      case "none":
        return true;
      case "bearer": {
        const match = /^Bearer ([^\s]+)$/i.exec(header);
        return sameSecret(match?.[1] ?? "", this.auth.bearerToken!);
      }
      case "basic": {
        const match = /^Basic ([A-Za-z0-9+/=]+)$/i.exec(header);
        const decoded = match ? Buffer.from(match[1], "base64").toString("utf8") : "";
        const colon = decoded.indexOf(":");
        const user = colon === -1 ? "" : decoded.slice(0, colon);
        const password = colon === -1 ? "" : decoded.slice(colon + 1);
        // Both compared, always: the time taken says nothing about which was wrong.
        const userOk = sameSecret(user, this.auth.username ?? "admin");
        const passwordOk = sameSecret(password, this.auth.password!);
        return userOk && passwordOk && colon !== -1;
      }
    }
  }

  /** The CSRF token of these credentials: /api/session hands it out, writes echo it. */
  csrfToken(req: IncomingMessage): string {
    return createHmac("sha256", this.key)
      .update(this.auth.mode === "none" ? "none" : (req.headers.authorization ?? ""))
      .digest("base64url");
  }

  /**
   * Why a write must be refused as cross-site, or null: the token must be
   * echoed in x-csrf-token, and a browser's Origin (or Sec-Fetch-Site) must
   * say the request comes from this server's own pages.
   */
  csrfProblem(req: IncomingMessage): string | null {
    const site = req.headers["sec-fetch-site"];
    if (typeof site === "string" && site !== "same-origin" && site !== "none") {
      return "cross-site request refused";
    }
    const origin = req.headers.origin;
    if (typeof origin === "string") {
      let host: string;
      try {
        host = new URL(origin).host;
      } catch {
        return "cross-site request refused (bad Origin)";
      }
      if (host !== req.headers.host) return "cross-site request refused (Origin is not this server)";
    }
    const token = req.headers["x-csrf-token"];
    if (typeof token !== "string" || !sameSecret(token, this.csrfToken(req))) {
      return "missing or wrong CSRF token: send the token from GET /api/session in the x-csrf-token header";
    }
    return null;
  }

  /** The 401 challenge; the UI's own requests get none, so the browser shows the UI's login form, not its own. */
  challenge(req: IncomingMessage, res: ServerResponse): void {
    if (req.headers["x-requested-with"] === "graphile-worker-admin") return;
    if (this.auth.mode === "basic") res.setHeader("www-authenticate", 'Basic realm="graphile-worker admin", charset="UTF-8"');
    if (this.auth.mode === "bearer") res.setHeader("www-authenticate", 'Bearer realm="graphile-worker admin"');
  }
}

/** 127.0.0.0/8, ::1 and localhost: the addresses `--auth none` may listen on. */
export function isLoopback(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, "").toLowerCase();
  return bare === "localhost" || bare === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(bare) || bare === "::ffff:127.0.0.1";
}
