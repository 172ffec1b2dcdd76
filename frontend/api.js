// The only module that calls fetch.
import { API_URL } from "./config.js";

export async function getJson(path) {
  const resp = await fetch(`${API_URL.replace(/\/$/, "")}${path}`);
  const body = await resp.json().catch(() => ({}));
  return { status: resp.status, body };
}
