import { apiBase, get } from "./api.js";
import { chrome, el, fmt, showMessage } from "./ui.js";

chrome("index.html");

// Metrics shown first on a card when a use case reports them (an order, not a list of use cases).
const METRICS = ["auroc", "auprc", "utility", "weighted_f1", "accuracy", "macro_f1", "roc_auc", "pr_auc",
  "balanced_accuracy", "recall_at_5pct_false_alarms"];

async function health() {
  const badge = document.getElementById("health");
  try {
    const h = await get("/health");
    const ok = h.status === "OK";
    // The reasons come with a reviewer's key only (docs/security.md).
    badge.textContent = ok ? "OK" : h.reasons ? `degraded: ${h.reasons.join("; ")}` : "degraded";
    badge.className = `badge ${ok ? "ok" : "bad"}`;
    return h;
  } catch (error) {
    badge.className = "badge bad";
    if (error.status === 503 && error.body) {
      badge.textContent = error.body.reasons ? `unavailable: ${error.body.reasons.join("; ")}` : "unavailable";
      return error.body;
    }
    badge.textContent = error.kind === "unreachable" ? "unreachable" : `error ${error.status}`;
    throw error;
  }
}

function training(t) {
  if (t.state === "queued") return "queued for training";
  if (t.state === "failed") return `training failed at ${t.step}`;
  if (t.state === "served") return "published: loading";
  return `training: ${t.step}…`;
}

function card(uc) {
  const ok = uc.serving;
  // The usual headline metrics first, then whatever else the use case reports (a table's
  // regression: mae, r2, interval coverage).
  const numeric = Object.keys(uc.metrics).filter((k) => typeof uc.metrics[k] === "number");
  const shown = [...METRICS.filter((k) => numeric.includes(k)), ...numeric.filter((k) => !METRICS.includes(k))];
  return el("article", { class: "card", "data-usecase": uc.name },
    // Its page, from the catalog (a table's use case: the page generated from its schema).
    el("h2", {}, el("a", { href: uc.page, text: uc.title })),
    el("p", { text: uc.description }),
    // `vitrine demo` trains the catalog in the background: a use case not yet published says
    // where it is, and the page looks again until every card is served.
    el("p", {}, el("span", { class: `badge ${ok ? "ok" : uc.training && uc.training.state !== "failed" ? "" : "bad"}`,
      text: ok ? "model loaded" : uc.training ? training(uc.training) : "no model loaded" })),
    uc.production_version
      ? el("dl", { class: "facts" },
        el("dt", { text: "Production" }), el("dd", { class: "version", text: uc.production_version }),
        ...shown.slice(0, 4).flatMap((k) => [el("dt", { text: k.replaceAll("_", " ") }), el("dd", { class: `metric-${k}`, text: fmt(uc.metrics[k]) })]))
      : el("p", { text: "No production model yet: train and export one." }),
    el("p", {}, el("a", { href: `monitoring.html?usecase=${uc.name}`, text: "Monitoring" }),
      ...(uc.production_version
        ? [" · ", el("a", { class: "model-card", href: `${apiBase()}/usecases/${uc.name}/card`, text: "Model card" })]
        : [])));
}

async function main() {
  document.querySelector('a[href="/docs"]').href = `${apiBase()}/docs`;
  const root = document.getElementById("catalog");
  const message = document.getElementById("message");
  try {
    await health().catch(() => null);
    const cards = await get("/usecases");
    root.replaceChildren(...cards.map((uc) => card(uc)));
    if (cards.some((uc) => !uc.serving && uc.training && uc.training.state !== "failed")) {
      setTimeout(main, 10000);
    }
  } catch (error) {
    showMessage(message, error);
  } finally {
    root.setAttribute("aria-busy", "false");
  }
}

main();
