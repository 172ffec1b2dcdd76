// The only module that calls fetch: the API key, the base URL, and what each failure means
// to the person in front of the page.
import { API_URL } from "../config.js";

const KEY = "vitrine.apiKey";

export const apiKey = {
  get: () => sessionStorage.getItem(KEY) || "",
  set: (value) => sessionStorage.setItem(KEY, value.trim()),
  clear: () => sessionStorage.removeItem(KEY),
};

export class ApiError extends Error {
  constructor(kind, status, message, detail, body) {
    super(message);
    this.body = body;
    this.kind = kind; // unreachable | unauthorized | forbidden | not_found | invalid | server | error
    this.status = status;
    this.detail = detail; // for 422: [{field, msg, ...}]
  }
}

function base() {
  return API_URL.replace(/\/$/, "");
}

function describe(status, body) {
  const detail = body && body.detail;
  const text = typeof detail === "string" ? detail : "";
  if (status === 401) {
    return ["unauthorized", "Your API key is missing, unknown or revoked: enter a valid key at the top of the page."];
  }
  if (status === 403) {
    return ["forbidden", `Your API key's role cannot do this${text ? ` (${text})` : ""}: ask for a key with the right role.`];
  }
  if (status === 404) return ["not_found", text || "Not found."];
  if (status === 422 || status === 413) {
    return ["invalid", "The API refused the input: see the messages next to the fields."];
  }
  if (status === 503) return ["server", `The service is unavailable: ${text || "try again shortly"}.`];
  if (status >= 500) return ["server", `The API failed (HTTP ${status})${text ? `: ${text}` : ""}. Try again later.`];
  return ["error", `Unexpected answer (HTTP ${status})${text ? `: ${text}` : ""}.`];
}

export async function api(method, path, body) {
  const headers = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const key = apiKey.get();
  if (key) headers["X-API-Key"] = key;
  let response;
  try {
    response = await fetch(`${base()}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError("unreachable", 0,
      `The API at ${base() || window.location.origin} cannot be reached: check your connection or the API address.`);
  }
  const data = await response.json().catch(() => null);
  if (response.ok) return data;
  const [kind, message] = describe(response.status, data);
  throw new ApiError(kind, response.status, message,
    Array.isArray(data?.detail) ? data.detail : undefined, data);
}

export const get = (path) => api("GET", path);
export const apiBase = () => base() || window.location.origin;
export const post = (path, body) => api("POST", path, body ?? {});
