import { ApiError, post } from "./api.js";
import { busy, chrome, el, fmt, resetForm, showFieldErrors, showMessage } from "./ui.js";

chrome("sensors.html");

const charts = {};
let wells = [];

async function loadJson(path, fallback) {
  try {
    const response = await fetch(path);
    return response.ok ? await response.json() : fallback;
  } catch {
    return fallback;
  }
}

async function loadWells() {
  wells = await loadJson("samples/sensors/index.json", []);
  const select = document.getElementById("well");
  select.replaceChildren(el("option", { value: "", text: wells.length ? "— choose —" : "none built (vitrine data sensors, make site)" }),
    ...wells.map((w, i) => el("option", { value: String(i), text: `${w.well}: ${w.hours} h${w.faults.length ? ` (faults: ${w.faults.join(", ")})` : ""}` })));
  select.addEventListener("change", () => { document.getElementById("file").value = ""; });
}

async function seriesText() {
  const file = document.getElementById("file").files[0];
  if (file) return [file.text(), file.name];
  const w = wells[Number(document.getElementById("well").value)];
  if (!w || document.getElementById("well").value === "") return [null, null];
  const response = await fetch(w.file);
  if (!response.ok) throw new Error(`The well file ${w.file} could not be loaded (HTTP ${response.status}).`);
  return [await response.text(), w.well];
}

function parseCsv(text) {
  const [head, ...lines] = text.trim().split(/\r?\n/);
  const cols = head.split(",");
  const at = (name) => cols.indexOf(name);
  return lines.map((line) => {
    const cells = line.split(",");
    const num = (name) => (cells[at(name)] === "" || cells[at(name)] === undefined ? null : Number(cells[at(name)]));
    return { t: cells[at("timestamp")], pressure_bar: num("pressure_bar"), temperature_c: num("temperature_c") };
  });
}

function draw(key, target, history, forecast, anomalies) {
  const labels = [...history.map((r) => r.t.slice(0, 16)), ...forecast.points.map((p) => p.timestamp.slice(0, 16))];
  const pad = (values, before) => [...Array(before).fill(null), ...values];
  const n = history.length;
  const flagged = anomalies.points.map((p) => p.flag);
  const datasets = [
    { label: "measured", data: history.map((r) => r[target]), borderColor: "#333", pointRadius: 0, borderWidth: 1 },
    { label: "forecast", data: pad(forecast.points.map((p) => p[target].value), n), borderColor: "#0b5cad", pointRadius: 0, borderWidth: 2 },
    { label: "90 % interval", data: pad(forecast.points.map((p) => p[target].upper), n), borderColor: "rgba(11,92,173,0.2)", backgroundColor: "rgba(11,92,173,0.15)", pointRadius: 0, fill: "+1" },
    { label: "", data: pad(forecast.points.map((p) => p[target].lower), n), borderColor: "rgba(11,92,173,0.2)", pointRadius: 0 },
    { label: "anomaly", data: history.map((r, i) => (flagged[i] ? r[target] : null)), showLine: false, pointRadius: 3, borderColor: "#a4161a", backgroundColor: "#a4161a" },
  ];
  charts[key]?.destroy();
  charts[key] = new window.Chart(document.getElementById(`chart-${key}`), {
    type: "line",
    data: { labels, datasets },
    options: {
      animation: false, maintainAspectRatio: false, responsive: true, spanGaps: false,
      scales: { x: { ticks: { maxTicksLimit: 8 } } },
      plugins: { legend: { position: "bottom", labels: { filter: (item) => item.text !== "" } } },
    },
  });
}

function alarmsTable(anomalies) {
  if (!anomalies.alarms.length) return el("p", { text: "No alarm in this series." });
  return el("div", { class: "table-wrap" }, el("table", { id: "alarms" },
    el("thead", {}, el("tr", {}, ...["from", "to", "hours", "kind", "sensors (share of the score)"].map((t) => el("th", { scope: "col", text: t })))),
    el("tbody", {}, ...anomalies.alarms.map((a) => el("tr", {},
      el("td", { text: a.start.slice(0, 16) }), el("td", { text: a.end.slice(0, 16) }),
      el("td", { text: String(a.points) }), el("td", { text: a.kind === "missing" ? "missing readings" : "score" }),
      el("td", { text: a.sensors.map((s) => `${s.sensor} ${(100 * s.share).toFixed(0)} %`).join(", ") }))))));
}

async function showSkab() {
  const figures = await loadJson("samples/sensors-skab.json", null);
  const target = document.getElementById("skab-table");
  if (!figures) {
    target.replaceChildren(el("p", { text: "Not built: the SKAB files are read from ../shared/data/skab when the site is built." }));
    return;
  }
  const names = { t2: "T² (served), in-sample", t2_residual: "T², residual mode, in-sample",
    t2_before: "T², settings served before, in-sample", isolation_forest: "Isolation Forest",
    all_ones: "flag everything", null: "flag nothing" };
  const loeo = figures.loeo ? [["T² (served), left-out experiments (LOEO)", fmt(figures.loeo.f1), fmt(figures.loeo.far, 1),
    fmt(figures.loeo.mar, 1), fmt(figures.loeo.nab.standard, 1)]] : [];
  const rows = [
    ...loeo,
    ...Object.entries(figures.detectors).map(([k, r]) => [names[k] || k, fmt(r.f1), fmt(r.far, 1), fmt(r.mar, 1), fmt(r.nab.standard, 1)]),
    ...Object.entries(figures.published).map(([k, r]) => [`${k} (published, 34 experiments)`, fmt(r.f1, 2), fmt(r.far, 2), fmt(r.mar, 2), "—"]),
  ];
  target.replaceChildren(el("p", { text: `The benchmark's protocol on ${figures.experiments} real experiments: fit on each file's first 400 rows, score the rest. LOEO: settings chosen on the other experiments, scored on the left-out one; in-sample: chosen on the files scored.` }),
    el("div", { class: "table-wrap" }, el("table", { id: "skab-figures" },
      el("thead", {}, el("tr", {}, ...["detector", "F1", "FAR %", "MAR %", "NAB"].map((t) => el("th", { scope: "col", text: t })))),
      el("tbody", {}, ...rows.map((r) => el("tr", {}, ...r.map((c) => el("td", { text: c }))))))));
}

async function main() {
  const form = document.getElementById("series-form");
  const message = document.getElementById("message");
  const general = document.getElementById("form-errors");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    resetForm(form, message, general, document.getElementById("result"));
    try {
      const [csv, well] = await seriesText();
      if (csv === null) {
        showFieldErrors(form, [{ field: "csv", msg: "Choose a well or a CSV file." }], general);
        return;
      }
      const horizon = parseInt(document.getElementById("horizon").value, 10);
      const [forecast, anomalies] = await busy(document.getElementById("submit"), document.getElementById("status"),
        "Forecasting and scoring…", () => Promise.all([
          post("/sensors/forecast", { csv, horizon: Number.isNaN(horizon) ? 24 : horizon, well }),
          post("/sensors/anomalies", { csv, well }),
        ]));
      const history = parseCsv(csv);
      draw("pressure", "pressure_bar", history, forecast, anomalies);
      draw("temperature", "temperature_c", history, forecast, anomalies);
      const next = forecast.points[0];
      document.getElementById("result").replaceChildren(
        el("p", { id: "forecast-summary", text: `Next hour: ${next.pressure_bar.value.toFixed(1)} bar (${next.pressure_bar.lower.toFixed(1)}–${next.pressure_bar.upper.toFixed(1)}), ${next.temperature_c.value.toFixed(1)} °C; ${forecast.points.length} hours forecast (model ${forecast.model_version}).` }),
        el("p", { text: `${anomalies.alarms.length} alarm(s); reference: the first ${anomalies.reference.points} points.` }),
        alarmsTable(anomalies));
    } catch (error) {
      showMessage(message, error);
      if (error instanceof ApiError && error.kind === "invalid") showFieldErrors(form, error.detail, general);
    }
  });
  // Listeners first (a submit while the list loads must not submit the form natively); the
  // form says it is ready once its list is filled.
  showSkab();
  await loadWells();
  form.setAttribute("aria-busy", "false");
}

main();
