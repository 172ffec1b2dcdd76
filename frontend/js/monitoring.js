import { get, post } from "./api.js";
import { busy, chrome, clearMessage, el, fmt, pct, showMessage } from "./ui.js";

chrome("monitoring.html");

const charts = {};

function chart(id, config) {
  charts[id]?.destroy();
  charts[id] = new window.Chart(document.getElementById(id), config);
}

const VERDICTS = {
  stable: ["ok", "stable"], drift: ["bad", "drift"], insufficient_data: ["", "too few rows for a verdict"],
  no_profile: ["", "no training profile in this model"], ok: ["ok", "ok"], degraded: ["bad", "degraded"],
  promoted: ["ok", "promoted"], kept: ["", "kept"], rollout: ["", "in rollout"], aborted: ["bad", "aborted"],
  replaced: ["", "replaced"], promote: ["ok", "promote"], abort: ["bad", "abort"], wait: ["", "wait"],
};

const ms = (v) => (v === null || v === undefined ? "—" : `${fmt(v)} ms`);

// The rollout in place: candidate, the two variants on live traffic, the rules' decision.
function rolloutSection(rollout, usecase) {
  const parts = [el("h2", { text: "Rollout" })];
  const ended = (rollout.history || []).slice().reverse().map((r) => [r.version, r.mode,
    r.mode === "canary" ? pct(r.share) : "—", r.started_at, r.ended_at, verdict(r.outcome),
    r.abort_reason || r.promote_reason || r.reason || "—"]);
  if (!rollout.candidate) {
    parts.push(el("p", { id: "rollout-state", text: `Production ${rollout.production ?? "—"} answers alone: no candidate.` }));
  } else {
    const c = rollout.candidate, cmp = rollout.comparison, d = rollout.decision;
    const what = c.mode === "shadow" ? "shadow: scores every request, logged, never answered"
      : `canary: answers ${pct(c.share)} of requests`;
    parts.push(el("p", { id: "rollout-state" },
      `Candidate ${c.version} beside production ${rollout.production}, in ${what}, since ${c.started_at}. Decision: `,
      verdict(d.action), ` ${d.reasons.join("; ")}`));
    const row = (label, p, c) => [label, p, c];
    const rows = [
      row("requests", cmp.production.requests, cmp.candidate.requests),
      row("errors", `${cmp.production.errors} (${pct(cmp.production.error_rate)})`, `${cmp.candidate.errors} (${pct(cmp.candidate.error_rate)})`),
      row("latency p50", ms(cmp.production.latency_p50_ms), ms(cmp.candidate.latency_p50_ms)),
      row("latency p99", ms(cmp.production.latency_p99_ms), ms(cmp.candidate.latency_p99_ms)),
      row("accuracy (feedback)", cmp.production.accuracy === null ? `— (${cmp.production.labelled} labels)` : `${pct(cmp.production.accuracy)} on ${cmp.production.labelled}`,
        cmp.candidate.accuracy === null ? `— (${cmp.candidate.labelled} labels)` : `${pct(cmp.candidate.accuracy)} on ${cmp.candidate.labelled}`),
      row("predicted labels", Object.entries(cmp.production.label_shares).map(([k, v]) => `${k} ${pct(v)}`).join(", ") || "—",
        Object.entries(cmp.candidate.label_shares).map(([k, v]) => `${k} ${pct(v)}`).join(", ") || "—"),
    ];
    const q = (s) => (s.score_quantiles ? `${fmt(s.score_quantiles.p10)} / ${fmt(s.score_quantiles.p50)} / ${fmt(s.score_quantiles.p90)}` : "—");
    rows.push(row("probability p10 / p50 / p90", q(cmp.production), q(cmp.candidate)));
    if (cmp.mode === "shadow") rows.push(row("agreement (same requests)", cmp.agreement === null ? "—" : `${pct(cmp.agreement)} of ${cmp.paired}`, ""));
    parts.push(table("rollout-table", `Since the rollout started; rules: a decision after ${rollout.rules.min_requests} candidate requests, promotion after ${rollout.rules.promote_after}`,
      ["", `production ${rollout.production}`, `candidate ${c.version}`], rows));
    const promote = el("button", { type: "button", id: "rollout-promote", text: "Promote the candidate (admin)" });
    const abort = el("button", { type: "button", id: "rollout-abort", class: "secondary", text: "Abort the rollout (admin)" });
    for (const [button, action] of [[promote, "promote"], [abort, "abort"]]) {
      button.addEventListener("click", async () => {
        const message = document.getElementById("message");
        clearMessage(message);
        try {
          const state = await busy(button, document.getElementById("status"), `${action === "promote" ? "Promoting" : "Aborting"}…`,
            () => post(`/${usecase}/rollout`, { action, reason: "from the monitoring page" }));
          await refresh();
          showMessage(message, `Production is ${state.production}; no candidate.`);
        } catch (error) {
          showMessage(message, error);
        }
      });
    }
    parts.push(el("div", { class: "row" }, promote, abort));
  }
  parts.push(ended.length ? table("rollouts-table", "Ended rollouts, newest first", ["version", "mode", "share", "started", "ended", "outcome", "why"], ended)
    : el("p", { text: "No rollout ended yet." }));
  return parts;
}

function verdict(value) {
  const [cls, text] = VERDICTS[value] || ["", value];
  return el("span", { class: `badge ${cls}`, text });
}

function table(id, caption, headers, rows) {
  return el("div", { class: "table-wrap" }, el("table", { id },
    el("caption", { text: caption }),
    el("thead", {}, el("tr", {}, ...headers.map((h) => el("th", { scope: "col", text: h })))),
    el("tbody", {}, ...rows.map((cells) => el("tr", {}, ...cells.map((c) => (c instanceof Node ? el("td", {}, c) : el("td", { text: String(c ?? "—") }))))))));
}

function render(report) {
  const { drift, performance: perf, rate, retraining } = report;
  document.getElementById("overview").replaceChildren(el("dl", { class: "facts" },
    el("dt", { text: "Model in production" }), el("dd", { text: report.model_version }),
    el("dt", { text: "Logged predictions read" }), el("dd", { text: `${report.window.predictions} (${report.window.rows} rows monitored)` }),
    el("dt", { text: "Prediction rate" }), el("dd", { text: `${rate.per_hour} per hour` }),
    el("dt", { text: "Drift" }), el("dd", { id: "drift-verdict" }, verdict(drift.verdict),
      ` ${drift.drifted_features ?? 0} of ${drift.features_checked ?? 0} features drifted (${drift.rows} rows, a verdict from ${drift.min_rows ?? "—"})`),
    el("dt", { text: "Performance (feedback)" }), el("dd", { id: "perf-verdict" }, verdict(perf.verdict),
      perf.judges
        ? ` ${fmt(perf.precision)} of the judged "${perf.judges}" answers confirmed, on ${perf.labelled} labelled predictions`
        : ` balanced accuracy ${fmt(perf.balanced_accuracy)} on ${perf.labelled} labelled predictions`),
    el("dt", { text: "Retraining" }), el("dd", { text: retraining.needed ? `needed: ${retraining.reasons.join("; ")}` : "not needed" })));

  chart("chart-rate", { type: "bar",
    data: { labels: rate.by_hour.map((b) => b.hour.slice(5, 16).replace("T", " ")),
      datasets: [{ label: "predictions", data: rate.by_hour.map((b) => b.predictions), backgroundColor: "#0b5cad" }] },
    options: { animation: false, maintainAspectRatio: false, plugins: { legend: { display: false } } } });
  const top = (drift.features || []).slice(0, 25);
  chart("chart-drift", { type: "bar",
    data: { labels: top.map((f) => f.feature), datasets: [
      { label: "PSI", data: top.map((f) => f.psi), backgroundColor: top.map((f) => (f.drifted ? "#a4161a" : "#0b5cad")) },
      { type: "line", label: "drift limit", data: top.map(() => report.thresholds.psi), borderColor: "#1b1b1b", borderDash: [6, 4], pointRadius: 0 }] },
    options: { animation: false, maintainAspectRatio: false, plugins: { legend: { position: "bottom" } } } });

  const balance = Object.entries(report.class_balance).map(([label, s]) => [label, pct(s.predicted_share), s.training_share === null ? "—" : pct(s.training_share)]);
  const recall = Object.entries(perf.recall).map(([label, r]) => [label, r === null ? "—" : pct(r)]);
  const history = retraining.history.map((r) => [r.run_id, r.started_at, r.trigger, verdict(r.state), r.reason ?? "running…"]);
  // The docs assistant's questions: the abstention rate and what the procedures lack.
  const questions = report.questions
    ? [el("h2", { text: "Questions the procedures did not answer" }),
      el("p", { text: `${report.questions.questions} questions asked; abstained on ${report.questions.abstention_rate === null ? "—" : pct(report.questions.abstention_rate)}.` }),
      report.questions.most_unanswered.length
        ? table("unanswered-table", "Most frequent first", ["question", "times"],
          report.questions.most_unanswered.map((q) => [q.question, String(q.times)]))
        : el("p", { text: "None unanswered." })]
    : [];
  document.getElementById("details").replaceChildren(
    ...(report.rollout ? rolloutSection(report.rollout, report.usecase) : []),
    ...questions,
    el("h2", { text: "Class balance" }),
    table("balance-table", "Share of each label: predicted now, and in the training data", ["label", "predicted", "training"], balance),
    el("h2", { text: "Recall per label (from feedback)" }),
    table("recall-table", "Share of each true label the model found", ["label", "recall"], recall),
    el("h2", { text: "Retraining history and the gate's decisions" }),
    history.length ? table("retrain-table", "Newest first", ["run", "started", "trigger", "state", "decision"], history)
      : el("p", { text: "No retraining run yet." }),
    el("h2", { text: "Drift per feature" }),
    table("drift-table", "PSI, Kolmogorov-Smirnov distance and p-value, missing rates; highest PSI first",
      ["feature", "PSI", "KS", "p-value", "missing", "training missing", "drifted"],
      (drift.features || []).slice(0, 100).map((f) => [f.feature, fmt(f.psi), fmt(f.ks), f.p_value.toExponential(1), pct(f.missing), pct(f.training_missing), f.drifted ? "yes" : "no"])));
}

async function refresh() {
  const message = document.getElementById("message");
  clearMessage(message);
  const usecase = document.getElementById("usecase").value;
  const url = new URL(window.location.href);
  url.searchParams.set("usecase", usecase);
  window.history.replaceState(null, "", url);
  try {
    const report = await busy(document.getElementById("refresh"), document.getElementById("status"),
      "Reading the prediction log…", () => get(`/${usecase}/monitoring`));
    render(report);
  } catch (error) {
    showMessage(message, error);
  }
}

async function main() {
  const select = document.getElementById("usecase");
  try {
    const cards = await get("/usecases");
    select.replaceChildren(...cards.map((c) => el("option", { value: c.name, text: c.title })));
  } catch (error) {
    showMessage(document.getElementById("message"), error);
    return;
  }
  const wanted = new URLSearchParams(window.location.search).get("usecase");
  if (wanted && [...select.options].some((o) => o.value === wanted)) select.value = wanted;
  document.getElementById("pick").addEventListener("submit", (e) => { e.preventDefault(); refresh(); });
  select.addEventListener("change", refresh);
  document.getElementById("retrain").addEventListener("click", async () => {
    const message = document.getElementById("message");
    clearMessage(message);
    try {
      const run = await busy(document.getElementById("retrain"), document.getElementById("status"),
        "Starting a retraining run…", () => post(`/${select.value}/retrain`));
      await refresh();
      showMessage(message, `Retraining run ${run.run_id} is ${run.state}${run.already_running ? " (already running)" : ""}.`);
    } catch (error) {
      showMessage(message, error);
    }
  });
  await refresh();
}

main();
