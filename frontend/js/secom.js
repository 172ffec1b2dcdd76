import { ApiError, post } from "./api.js";
import { busy, chrome, el, resetForm, pct, showFieldErrors, showMessage } from "./ui.js";

chrome("secom.html");

const SAMPLE = "samples/secom-real-lots.csv";
let sampleChosen = false;

function toCsv(answer) {
  const lines = ["row,prediction,probability"];
  for (const item of answer.items) lines.push(`${item.row},${item.prediction},${item.probability.toFixed(6)}`);
  return `${lines.join("\n")}\n`;
}

function show(answer, name) {
  const blob = new Blob([toCsv(answer)], { type: "text/csv" });
  const download = el("a", { id: "download", href: URL.createObjectURL(blob),
    download: `${name.replace(/\.csv$/i, "")}-predictions.csv`, text: "Download the results (CSV)" });
  const rows = answer.items.map((item) => el("tr", { class: item.prediction === "Fail" ? "fail" : undefined },
    el("td", { text: String(item.row) }),
    el("td", {}, el("span", { class: `badge ${item.prediction === "Fail" ? "bad" : "ok"}`, text: item.prediction })),
    el("td", { text: pct(item.probability) })));
  document.getElementById("result").replaceChildren(
    el("p", { id: "batch-summary", text: `${answer.lots} lots scored: ${answer.fails} predicted to fail (alert at ${pct(answer.threshold)}; model ${answer.model_version}).` }),
    el("p", {}, download),
    el("div", { class: "table-wrap" }, el("table", { id: "batch-table" },
      el("caption", { text: "Prediction per lot (row = position in the file, from 0)" }),
      el("thead", {}, el("tr", {}, ...["row", "prediction", "probability of failing"].map((t) => el("th", { scope: "col", text: t })))),
      el("tbody", {}, ...rows))));
}

async function main() {
  const form = document.getElementById("batch-form");
  const message = document.getElementById("message");
  const general = document.getElementById("form-errors");
  const file = document.getElementById("file");
  document.getElementById("sample").addEventListener("click", () => {
    sampleChosen = true;
    file.value = "";
    document.getElementById("status").textContent = "The 242 real lots are selected.";
  });
  file.addEventListener("change", () => { sampleChosen = false; });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    resetForm(form, message, general, document.getElementById("result"));
    try {
      let csv = null;
      let name = "batch.csv";
      if (file.files[0]) {
        csv = await file.files[0].text();
        name = file.files[0].name;
      } else if (sampleChosen) {
        const response = await fetch(SAMPLE);
        if (!response.ok) throw new Error(`The sample ${SAMPLE} is missing (HTTP ${response.status}): run make site.`);
        csv = await response.text();
        name = "secom-real-lots.csv";
      }
      if (csv === null) {
        showFieldErrors(form, [{ field: "csv", msg: "Choose a CSV file." }], general);
        return;
      }
      const answer = await busy(document.getElementById("submit"), document.getElementById("status"),
        "Scoring the lots…", () => post("/secom/predict/batch", { csv }));
      show(answer, name);
    } catch (error) {
      showMessage(message, error);
      if (error instanceof ApiError && error.kind === "invalid") showFieldErrors(form, error.detail, general);
    }
  });
}

main();
