// Before any test file: build a migrated template database that each test
// clones (CREATE DATABASE ... TEMPLATE is far faster than migrating).
import pg from "pg";
import { migrate } from "../../../src/migrate";
import { serverUrl, templateDb, databaseUrl } from "./db";

export async function setup() {
  process.env.GW_TEST_RUN_ID ??= `${process.pid}_${Date.now().toString(36)}`;
  const TEMPLATE_DB = templateDb();
  const admin = new pg.Client({ connectionString: serverUrl() });
  await admin.connect();
  try {
    await admin.query(`drop database if exists ${TEMPLATE_DB} with (force)`);
    await admin.query(`create database ${TEMPLATE_DB}`);
  } finally {
    await admin.end();
  }
  const pool = new pg.Pool({ connectionString: databaseUrl(TEMPLATE_DB), max: 1 });
  try {
    await migrate(pool);
  } finally {
    await pool.end();
  }
}

export async function teardown() {
  const TEMPLATE_DB = templateDb();
  const admin = new pg.Client({ connectionString: serverUrl() });
  await admin.connect();
  try {
    await admin.query(`drop database if exists ${TEMPLATE_DB} with (force)`);
  } finally {
    await admin.end();
  }
}
