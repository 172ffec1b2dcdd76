// The form is built from the API's own schema (/openapi.json): units, ranges and required
// fields shown here are the ones the API enforces.
import { ApiError, get, post } from "./api.js";
import { busy, chrome, el, resetForm, pctAgainst, showFieldErrors, showMessage } from "./ui.js";

chrome("sepsis.html");

const GROUPS = [
  ["vitals", "Vitals (current hour)"],
  ["labs", "Lab results (optional)"],
  ["demographics", "Demographics"],
];
const EXAMPLE = {
  vitals: { HR: 112, O2Sat: 93, Temp: 38.6, SBP: 98, MAP: 68, DBP: 52, Resp: 26 },
  labs: { WBC: 15.2, Lactate: 3.1, Creatinine: 1.6, Platelets: 140 },
  demographics: { Age: 67, Gender: 1, HospAdmTime: -12.5, ICULOS: 30 },
};

function resolve(schema, ref) {
  return schema.components.schemas[ref.split("/").pop()];
}

function numberSchema(prop) {
  return prop.anyOf ? prop.anyOf.find((p) => p.type === "number" || p.type === "integer") || prop : prop;
}

function field(group, name, prop, required) {
  const spec = numberSchema(prop);
  const id = `${group}-${name}`;
  const hint = prop.description || spec.description || "";
  const range = spec.minimum !== undefined ? `${spec.minimum} to ${spec.maximum}` : "";
  const label = el("label", { for: id, text: `${name}${required ? " *" : ""}` });
  const hintEl = el("span", { class: "hint", id: `${id}-hint`, text: hint || range });
  const error = el("span", { class: "field-error", id: `${id}-error`, hidden: true });
  let input;
  if (spec.enum) {
    input = el("select", { id, name: `${group}.${name}`, "aria-describedby": `${id}-hint ${id}-error`, required },
      el("option", { value: "", text: "—" }),
      ...spec.enum.map((v) => el("option", { value: String(v), text: String(v) })));
  } else {
    input = el("input", { id, name: `${group}.${name}`, type: "number", step: "any", inputmode: "decimal",
      min: spec.minimum, max: spec.maximum, required, "aria-describedby": `${id}-hint ${id}-error` });
  }
  return el("div", { class: "field" }, label, input, hintEl, error);
}

function build(schema) {
  const request = schema.components.schemas.PatientRequest;
  const groups = document.getElementById("groups");
  for (const [group, title] of GROUPS) {
    const model = resolve(schema, request.properties[group].$ref);
    const required = new Set(model.required || []);
    const fields = Object.entries(model.properties).map(([name, prop]) => field(group, name, prop, required.has(name)));
    const box = el("div", { class: "fields" }, ...fields);
    const fieldset = el("fieldset", {}, el("legend", { text: title }), box);
    groups.append(group === "labs" ? el("details", {}, el("summary", { text: title }), fieldset) : fieldset);
  }
}

function body(form) {
  const out = { vitals: {}, labs: {}, demographics: {} };
  for (const input of form.querySelectorAll("input, select")) {
    const [group, name] = input.name.split(".");
    if (!name || input.value.trim() === "") continue;
    const value = Number(input.value);
    // Not a number: sent as typed, so the API names the field and the reason.
    out[group][name] = Number.isNaN(value) ? input.value : value;
  }
  return out;
}

function fill(form, example) {
  for (const input of form.querySelectorAll("input, select")) {
    const [group, name] = input.name.split(".");
    const value = example[group]?.[name];
    input.value = value === undefined ? "" : String(value);
  }
}

function show(result) {
  const positive = result.prediction === "Positive";
  const shown = pctAgainst(result.probability, result.threshold);
  document.getElementById("result").replaceChildren(el("div", { class: `result ${positive ? "positive" : ""}` },
    el("p", { class: "big", id: "prediction", text: positive ? "High risk of sepsis within 6 hours" : "No alert" }),
    el("p", {}, "Estimated probability: ", el("strong", { id: "probability", text: shown[0] }),
      ` (alert at ${shown[1]} or more)`),
    el("p", { class: "hint", text: `Model ${result.model_version}, prediction ${result.prediction_id}` })));
}

async function main() {
  const form = document.getElementById("patient");
  const message = document.getElementById("message");
  const general = document.getElementById("form-errors");
  try {
    build(await get("/openapi.json"));
  } catch (error) {
    showMessage(message, error);
    return;
  } finally {
    form.setAttribute("aria-busy", "false");
  }
  document.getElementById("example").addEventListener("click", () => fill(form, EXAMPLE));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    resetForm(form, message, general, document.getElementById("result"));
    const button = document.getElementById("submit");
    try {
      const result = await busy(button, document.getElementById("status"), "Asking the model…",
        () => post("/predict/patient", body(form)));
      show(result);
    } catch (error) {
      if (error instanceof ApiError && error.kind === "invalid") {
        showMessage(message, error);
        showFieldErrors(form, error.detail, general);
      } else {
        showMessage(message, error);
      }
    }
  });
}

main();
