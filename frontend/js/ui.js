// What every page shares: navigation, the API key (entered once per tab), messages,
// loading states and 422 errors shown next to their fields.
import { apiKey } from "./api.js";

// Styles go through the CSSOM: the site's Content-Security-Policy (frontend/csp.txt)
// refuses style="..." attributes, so ``style`` takes an object of CSS properties.
function setStyle(node, properties) {
  if (typeof properties !== "object") throw new TypeError("el: style takes an object of CSS properties");
  Object.assign(node.style, properties);
}

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === "text") node.textContent = value;
    else if (name === "style") setStyle(node, value);
    else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? "" : value);
  }
  node.append(...children.filter((c) => c !== undefined && c !== null));
  return node;
}

// The navigation: written from the catalog by the site's build step (vitrine site ->
// pages.json), so a use case added to the catalog appears here with no edit. Until it has
// loaded (or if it is missing), the catalog and monitoring pages alone.
const FIXED = [{ href: "index.html", label: "Catalog" }, { href: "monitoring.html", label: "Monitoring" }];

function navList(pages, active) {
  return el("ul", {}, ...pages.map(({ href, label }) => el("li", {},
    el("a", { href, "aria-current": href === active ? "page" : undefined, text: label }))));
}

export function chrome(active) {
  const header = document.getElementById("top");
  const nav = el("nav", { "aria-label": "Pages" }, navList(FIXED, active));
  fetch("pages.json", { cache: "no-cache" })
    .then((r) => (r.ok ? r.json() : Promise.reject(new Error(`pages.json: ${r.status}`))))
    .then((pages) => {
      if (Array.isArray(pages) && pages.length) nav.replaceChildren(navList(pages, active));
    })
    .catch(() => {}); // the fixed pages stay: the site was built without `vitrine site`
  const input = el("input", { id: "api-key", name: "api-key", type: "password", autocomplete: "off",
    spellcheck: "false", placeholder: "vk_…", "aria-describedby": "api-key-state" });
  const state = el("span", { id: "api-key-state", role: "status" });
  const show = () => {
    state.textContent = apiKey.get() ? "Key saved for this tab." : "No key yet: predictions need one.";
  };
  const form = el("form", { id: "key-form", class: "key-form", onsubmit: (e) => {
    e.preventDefault();
    if (input.value.trim()) apiKey.set(input.value);
    input.value = "";
    show();
  } },
  el("label", { for: "api-key", text: "API key" }), input,
  el("button", { type: "submit", text: "Save key" }),
  el("button", { type: "button", class: "secondary", text: "Forget", onclick: () => { apiKey.clear(); show(); } }),
  state);
  header.append(el("a", { class: "brand", href: "index.html", text: "Vitrine" }), nav, form);
  show();
}

// An Error is shown as an error (role=alert on the container); a string as information.
export function showMessage(target, what) {
  target.hidden = false;
  target.className = `message ${what instanceof Error ? "error" : "info"}`;
  target.textContent = what instanceof Error ? what.message : String(what);
}

export function clearMessage(target) {
  target.hidden = true;
  target.textContent = "";
}

// Disables the button and announces the wait while ``work`` runs.
export async function busy(button, status, label, work) {
  button.disabled = true;
  button.setAttribute("aria-busy", "true");
  status.textContent = label;
  status.classList.add("loading");
  try {
    return await work();
  } finally {
    button.disabled = false;
    button.removeAttribute("aria-busy");
    status.textContent = "";
    status.classList.remove("loading");
  }
}

// 422 problems -> a message under each named field; the rest in ``general``.
export function showFieldErrors(form, problems, general) {
  clearFieldErrors(form);
  const rest = [];
  for (const problem of problems || []) {
    const input = form.querySelector(`[name="${CSS.escape(problem.field)}"]`);
    const slot = input && document.getElementById(`${input.id}-error`);
    if (slot) {
      slot.textContent = slot.textContent ? `${slot.textContent} ${problem.msg}` : problem.msg;
      slot.hidden = false;
      input.setAttribute("aria-invalid", "true");
    } else {
      rest.push(`${problem.field}: ${problem.msg}`);
    }
  }
  if (rest.length) {
    general.hidden = false;
    general.className = "message error";
    general.replaceChildren(el("p", { text: "The API refused the input:" }),
      el("ul", {}, ...rest.map((t) => el("li", { text: t }))));
  }
  form.querySelector("[aria-invalid=true]")?.focus();
}

// Before a new submission: no message, no field error, no old result.
export function resetForm(form, ...targets) {
  clearFieldErrors(form);
  for (const target of targets) {
    if (target.getAttribute("role") === "alert") clearMessage(target);
    else target.replaceChildren();
  }
}

export function clearFieldErrors(form) {
  for (const slot of form.querySelectorAll(".field-error")) {
    slot.textContent = "";
    slot.hidden = true;
  }
  for (const input of form.querySelectorAll("[aria-invalid]")) input.removeAttribute("aria-invalid");
}

export function pct(p, digits = 1) {
  return `${(100 * p).toFixed(digits)} %`;
}

// A probability and the threshold it is compared with, with enough decimals that the two never
// read the same when the model decided they differ (0.6 % vs "alert at 0.6 %").
export function pctAgainst(p, threshold) {
  let digits = 1;
  while (digits < 4 && pct(p, digits) === pct(threshold, digits) && p !== threshold) digits += 1;
  return [pct(p, digits), pct(threshold, digits)];
}

export function fmt(value, digits = 3) {
  return typeof value === "number" ? value.toFixed(digits) : "—";
}
