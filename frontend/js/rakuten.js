import { ApiError, post } from "./api.js";
import { busy, chrome, el, pct, resetForm, showFieldErrors, showMessage } from "./ui.js";

chrome("rakuten.html");

const MAX_BYTES = 4 * 1024 * 1024;
let photo = null; // the chosen photo as a data: URL (the API accepts it as base64)
let lastPrediction = null;

function readAsDataUrl(file) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result);
    reader.onerror = () => reject(new Error(`The file ${file.name} cannot be read.`));
    reader.readAsDataURL(file);
  });
}

async function choose(file) {
  const error = document.getElementById("image-error");
  const preview = document.getElementById("preview");
  error.hidden = true;
  if (!file) return;
  if (!["image/jpeg", "image/png"].includes(file.type)) {
    error.textContent = `${file.name} is not a JPEG or PNG image.`;
    error.hidden = false;
    return;
  }
  if (file.size > MAX_BYTES) {
    error.textContent = `${file.name} is ${(file.size / 1048576).toFixed(1)} MiB; at most 4 MiB.`;
    error.hidden = false;
    return;
  }
  photo = await readAsDataUrl(file);
  preview.src = photo;
  preview.alt = `Preview of ${file.name}`;
  preview.hidden = false;
  document.getElementById("clear-image").hidden = false;
}

function clearPhoto() {
  photo = null;
  document.getElementById("image").value = "";
  const preview = document.getElementById("preview");
  preview.hidden = true;
  preview.removeAttribute("src");
  document.getElementById("clear-image").hidden = true;
}

const USED = { text: "the text", image: "the photo", both: "the text and the photo" };

async function show(answer) {
  lastPrediction = answer;
  const best = answer.top[0].probability || 1;
  document.getElementById("result").replaceChildren(el("div", { class: "result" },
    el("p", { class: "big", id: "category", text: `${answer.category} (${answer.prdtypecode})` }),
    el("p", { id: "confidence", text: `${pct(answer.probability)} — from ${USED[answer.inputs_used]}; model ${answer.model_version}.` }),
    el("h2", { text: "The five most likely categories" }),
    el("ol", { class: "bars", id: "top5" }, ...answer.top.map((c) => el("li", {},
      el("span", { text: `${c.category} (${c.prdtypecode})` }),
      el("span", { class: "bar", style: { width: `${Math.max(1, (100 * c.probability) / best).toFixed(1)}%` }, "aria-hidden": "true" }),
      el("span", { class: "value", text: pct(c.probability) }))))));
  const select = document.getElementById("right-code");
  select.replaceChildren(...answer.top.slice(1).map((c) => el("option", { value: String(c.prdtypecode), text: `${c.category} (${c.prdtypecode})` })),
    ...(await categories).filter(([code]) => !answer.top.some((c) => c.prdtypecode === code))
      .map(([code, name]) => el("option", { value: String(code), text: `${name} (${code})` })));
  document.getElementById("feedback").hidden = false;
  document.getElementById("feedback-status").textContent = "";
}

// The 27 codes and names (written from the serving contract by `vitrine site`), fetched
// while the user fills the form: only the correction list needs them.
async function loadCategories() {
  const response = await fetch("samples/rakuten-categories.json").catch(() => null);
  return response && response.ok ? response.json() : [];
}
let categories = Promise.resolve([]);

function main() {
  // Listeners go on before anything is fetched: a photo chosen (or a submit) while a fetch is
  // pending must not be lost, nor submit the form natively.
  categories = loadCategories();
  const form = document.getElementById("listing-form");
  const message = document.getElementById("message");
  const general = document.getElementById("form-errors");
  const file = document.getElementById("image");
  const drop = document.getElementById("drop");
  file.addEventListener("change", () => choose(file.files[0]).catch((e) => showMessage(message, e)));
  document.getElementById("clear-image").addEventListener("click", clearPhoto);
  drop.addEventListener("dragover", (event) => { event.preventDefault(); drop.classList.add("over"); });
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", (event) => {
    event.preventDefault();
    drop.classList.remove("over");
    choose(event.dataTransfer.files[0]).catch((e) => showMessage(message, e));
  });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    resetForm(form, message, general, document.getElementById("result"));
    document.getElementById("feedback").hidden = true;
    const body = { designation: form.designation.value };
    if (form.description.value.trim()) body.description = form.description.value;
    if (photo) body.image = photo;
    try {
      const answer = await busy(document.getElementById("submit"), document.getElementById("status"),
        "Classifying…", () => post("/rakuten/predict", body));
      await show(answer);
    } catch (error) {
      showMessage(message, error);
      if (error instanceof ApiError && error.kind === "invalid") showFieldErrors(form, error.detail, general);
    }
  });
  document.getElementById("feedback-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const status = document.getElementById("feedback-status");
    try {
      const answer = await busy(document.getElementById("send-feedback"), status, "Sending…",
        () => post("/rakuten/feedback", { prediction_id: lastPrediction.prediction_id, label: document.getElementById("right-code").value }));
      status.textContent = `Recorded: ${answer.label} instead of ${answer.predicted}. Thank you.`;
    } catch (error) {
      showMessage(message, error);
    }
  });
}

main();
