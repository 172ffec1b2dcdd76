// A use case declared by a table (vitrine new): its form is built from the API's own
// schema for POST /<name>/predict, one widget per column type.
import { ApiError, get, post } from "./api.js";
import { busy, chrome, el, fmt, pct, resetForm, showFieldErrors, showMessage } from "./ui.js";

const name = new URLSearchParams(window.location.search).get("usecase") || "";
chrome(`table.html?usecase=${name}`);
const form = document.getElementById("row-form");
const fields = document.getElementById("fields");
const message = document.getElementById("message");
const result = document.getElementById("result");

function schemaOf(spec) {
  const op = spec.paths?.[`/${name}/predict`]?.post;
  const ref = op?.requestBody?.content?.["application/json"]?.schema?.$ref;
  return ref ? spec.components.schemas[ref.split("/").pop()] : null;
}

function widget(column, prop, i) {
  const id = `f${i}`;
  const kind = prop["x-vitrine-type"];
  let input;
  if (kind === "boolean") {
    input = el("select", { id, name: column },
      el("option", { value: "", text: "—" }), el("option", { value: "yes", text: "yes" }),
      el("option", { value: "no", text: "no" }));
  } else if (kind === "categorical") {
    input = el("select", { id, name: column }, el("option", { value: "", text: "—" }),
      ...(prop["x-vitrine-levels"] || []).map((v) => el("option", { value: v, text: v })));
  } else if (kind === "text") {
    input = el("textarea", { id, name: column, rows: "2" });
  } else {
    input = el("input", { id, name: column, type: "number", step: kind === "integer" ? "1" : "any",
      inputmode: "decimal" });
  }
  input.setAttribute("aria-describedby", `${id}-hint ${id}-error`);
  const unit = prop["x-vitrine-unit"] ? ` (${prop["x-vitrine-unit"]})` : "";
  return el("div", { class: "field" },
    el("label", { for: id, text: column + unit }), input,
    el("span", { class: "hint", id: `${id}-hint`, text: prop.description || "" }),
    el("span", { class: "field-error", id: `${id}-error`, hidden: true }));
}

function rowFrom(properties) {
  const row = {};
  for (const [column, prop] of Object.entries(properties)) {
    const input = form.elements.namedItem(column);
    if (!input || input.value === "") continue;
    const kind = prop["x-vitrine-type"];
    row[column] = kind === "numeric" || kind === "integer" ? Number(input.value) : input.value;
  }
  return row;
}

// The columns that moved the answer (occlusion: each set to its typical training value); a
// category's value comes back as its level's code, shown as the level.
function explanation(why, properties) {
  const shown = (t) => {
    const levels = properties[t.feature]?.["x-vitrine-levels"];
    if (t.value == null) return "missing";
    return levels ? levels[t.value] ?? String(t.value) : fmt(t.value);
  };
  return el("section", { class: "explanation" },
    el("h2", { text: "What moved it most" }),
    el("ul", {}, ...why.top.slice(0, 5).map((t) => el("li", {
      text: `${t.feature} = ${shown(t)}: ${t.effect >= 0 ? "+" : "−"}${fmt(Math.abs(t.effect))} `
        + `(${t.effect >= 0 ? "towards" : "against"} ${why.output})`,
    }))));
}

// Feedback: the true outcome of this prediction, once known (monitoring and retraining read it).
function feedbackForm(body, labels) {
  const id = "truth";
  const input = labels.length
    ? el("select", { id, name: "label" }, ...labels.map((v) => el("option", { value: v, text: v })))
    : el("input", { id, name: "label", type: "number", step: "any", inputmode: "decimal" });
  const state = el("span", { role: "status" });
  return el("form", { class: "feedback", onsubmit: async (e) => {
    e.preventDefault();
    if (input.value === "") return;
    try {
      await post(`/${name}/feedback`, { prediction_id: body.prediction_id, label: String(input.value) });
      state.textContent = "Thank you: recorded.";
    } catch (error) {
      state.textContent = error instanceof ApiError && error.detail?.[0]?.msg ? error.detail[0].msg : String(error.message || error);
    }
  } }, el("label", { for: id, text: "The true outcome, once known" }), input,
  el("button", { type: "submit", class: "secondary", text: "Send feedback" }), state);
}

function answer(body, properties = {}, labels = []) {
  const items = [el("p", { class: "verdict", text: `Prediction: ${body.prediction}` })];
  if (body.probability != null) items.push(el("p", { text: `Probability: ${pct(body.probability)}` }));
  if (body.interval) items.push(el("p", { text: `Interval: ${fmt(body.interval[0])} to ${fmt(body.interval[1])}` }));
  if (body.probabilities) {
    items.push(el("ul", {}, ...Object.entries(body.probabilities)
      .sort((a, b) => b[1] - a[1]).map(([label, p]) => el("li", { text: `${label}: ${pct(p)}` }))));
  }
  for (const w of body.warnings || []) items.push(el("p", { class: "message info", text: `${w.field}: ${w.message}` }));
  if (body.explanation?.top?.length) items.push(explanation(body.explanation, properties));
  items.push(el("p", { class: "hint", text: `prediction ${body.prediction_id}, model ${body.model_version}` }));
  items.push(feedbackForm(body, labels));
  return items;
}

async function main() {
  const spec = await get("/openapi.json");
  const schema = schemaOf(spec);
  if (!schema) {
    showMessage(message, new Error(`No declared use case '${name}' is served here.`));
    form.hidden = true;
    return;
  }
  const properties = Object.fromEntries(Object.entries(schema.properties)
    .filter(([, p]) => p["x-vitrine-type"]));
  const card = (await get("/usecases")).find((uc) => uc.name === name);
  document.getElementById("title").textContent = card ? card.title : name;
  if (card?.description) document.getElementById("intro").textContent = card.description;
  document.title = `${card ? card.title : name} — Vitrine`;
  fields.replaceChildren(...Object.entries(properties).map(([c, p], i) => widget(c, p, i)));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    resetForm(form, message, result);
    const button = document.getElementById("submit");
    await busy(button, document.getElementById("status"), "Predicting…", async () => {
      try {
        const body = await post(`/${name}/predict`, { ...rowFrom(properties), explain: true });
        result.replaceChildren(...answer(body, properties, card?.labels || []));
      } catch (error) {
        if (error instanceof ApiError && error.status === 422) {
          showFieldErrors(form, error.detail, document.getElementById("form-errors"));
        } else showMessage(message, error);
      }
    });
  });
}

main().catch((error) => showMessage(message, error));
