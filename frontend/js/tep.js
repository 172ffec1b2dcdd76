import { ApiError, post } from "./api.js";
import { busy, chrome, el, resetForm, showFieldErrors, showMessage } from "./ui.js";

chrome("tep.html");

const SAMPLE_HOURS = 0.05;
const charts = {};
let scenarios = [];

async function loadScenarios() {
  const select = document.getElementById("scenario");
  try {
    const response = await fetch("scenarios/index.json");
    scenarios = response.ok ? await response.json() : [];
  } catch {
    scenarios = [];
  }
  select.replaceChildren(el("option", { value: "", text: scenarios.length ? "— choose —" : "none built (vitrine data tep, make site)" }),
    ...scenarios.map((s, i) => el("option", { value: String(i), text: `Fault ${s.fault}: ${s.fault_name}${s.onset_sample ? `, from sample ${s.onset_sample}` : ""}` })));
  select.addEventListener("change", () => {
    const s = scenarios[Number(select.value)];
    if (!s) return;
    document.getElementById("file").value = "";
    document.getElementById("true-fault").value = String(s.fault);
    document.getElementById("onset").value = s.onset_sample ? String(s.onset_sample) : "";
  });
}

async function runText() {
  const file = document.getElementById("file").files[0];
  if (file) return file.text();
  const s = scenarios[Number(document.getElementById("scenario").value)];
  if (!s || document.getElementById("scenario").value === "") return null;
  const response = await fetch(s.file);
  if (!response.ok) throw new Error(`The scenario file ${s.file} could not be loaded (HTTP ${response.status}).`);
  return response.text();
}

function truth(samples, fault, onset) {
  if (Number.isNaN(fault)) return null;
  return samples.map((n) => (fault !== 0 && !Number.isNaN(onset) && n >= onset ? fault : 0));
}

function draw(key, points, truthLine) {
  const samples = points.map((p) => p.sample);
  const datasets = [{ label: `predicted (${key.toUpperCase()})`, data: points.map((p) => p[key].fault),
    stepped: true, borderColor: key === "ml" ? "#0b5cad" : "#8a3ffc", pointRadius: 0, borderWidth: 2 }];
  if (truthLine) {
    datasets.push({ label: "true fault", data: truthLine, stepped: true, borderColor: "#a4161a",
      borderDash: [6, 4], pointRadius: 0, borderWidth: 2 });
  }
  charts[key]?.destroy();
  charts[key] = new window.Chart(document.getElementById(`chart-${key}`), {
    type: "line",
    data: { labels: samples.map((n) => (n * SAMPLE_HOURS).toFixed(2)), datasets },
    options: {
      animation: false, maintainAspectRatio: false, responsive: true,
      scales: { x: { title: { display: true, text: "hours (window end)" }, ticks: { maxTicksLimit: 10 } },
        y: { title: { display: true, text: "fault" }, min: 0, max: 20, ticks: { stepSize: 2 } } },
      plugins: { legend: { position: "bottom" } },
    },
  });
}

function summary(points, key, fault, onset) {
  const rows = points.map((p) => ({ sample: p.sample, fault: p[key].fault }));
  const before = Number.isNaN(onset) ? rows : rows.filter((r) => r.sample < onset);
  const after = Number.isNaN(onset) ? [] : rows.filter((r) => r.sample >= onset);
  const falseAlarms = before.filter((r) => r.fault !== 0).length;
  const first = after.find((r) => r.fault === fault);
  const correct = after.filter((r) => r.fault === fault).length;
  return el("tr", { "data-model": key },
    el("th", { scope: "row", text: key === "ml" ? "ML baseline" : "DL (1D-CNN)" }),
    el("td", { text: String(rows.at(-1)?.fault ?? "—") }),
    el("td", { text: before.length ? `${falseAlarms} of ${before.length}` : "—" }),
    el("td", { text: first ? `${((first.sample - onset) * SAMPLE_HOURS).toFixed(2)} h` : (after.length ? "not detected" : "—") }),
    el("td", { text: after.length ? `${(100 * correct / after.length).toFixed(1)} %` : "—" }));
}

function show(result, fault, onset) {
  const { points } = result;
  const samples = points.map((p) => p.sample);
  const truthLine = truth(samples, fault, onset);
  for (const key of ["ml", "dl"]) draw(key, points, truthLine);
  document.getElementById("result").replaceChildren(
    el("p", { text: `${points.length} windows diagnosed (model ${result.model_version}).` }),
    el("div", { class: "table-wrap" }, el("table", { id: "tep-summary" },
      el("thead", {}, el("tr", {}, ...["model", "last window's fault", "alarms before the onset",
        "detection delay", "windows right after the onset"].map((t) => el("th", { scope: "col", text: t })))),
      el("tbody", {}, summary(points, "ml", fault, onset), summary(points, "dl", fault, onset)))));
}

async function main() {
  const form = document.getElementById("run-form");
  const message = document.getElementById("message");
  const general = document.getElementById("form-errors");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    resetForm(form, message, general, document.getElementById("result"));
    try {
      const csv = await runText();
      if (csv === null) {
        showFieldErrors(form, [{ field: "csv", msg: "Choose a scenario or a CSV file." }], general);
        return;
      }
      const result = await busy(document.getElementById("submit"), document.getElementById("status"),
        "Diagnosing every window…", () => post("/tep/timeline", { csv, model: "both" }));
      show(result, parseInt(document.getElementById("true-fault").value, 10),
        parseInt(document.getElementById("onset").value, 10));
    } catch (error) {
      showMessage(message, error);
      if (error instanceof ApiError && error.kind === "invalid") showFieldErrors(form, error.detail, general);
    }
  });
  // Listeners first (a submit while the list loads must not submit the form natively); the
  // form says it is ready once its list is filled.
  await loadScenarios();
  form.setAttribute("aria-busy", "false");
}

main();
