// The procedures assistant: a question, its cited answer (each citation opens to its passage
// and links to the procedure's section), "not in the documentation", and feedback.
import { ApiError, post } from "./api.js";
import { busy, chrome, el, resetForm, showFieldErrors, showMessage } from "./ui.js";

chrome("assistant.html");

const form = document.getElementById("ask-form");
const message = document.getElementById("message");
const result = document.getElementById("result");
const status = document.getElementById("status");

const page = (doc, anchor) => `procedures/${encodeURIComponent(doc)}.html${anchor ? `#${encodeURIComponent(anchor)}` : ""}`;

function citation(c, i) {
  return el("li", {},
    el("details", { open: i === 0 ? true : undefined },
      el("summary", {},
        el("strong", { text: `${c.doc} §${c.section || "—"}` }),
        ` ${c.heading} `,
        el("span", { class: "hint", text: `(${c.title})` })),
      el("blockquote", { text: c.excerpt }),
      el("a", { href: page(c.doc, c.anchor), text: `Open ${c.doc} at this section` })));
}

function feedback(answer) {
  const said = el("span", { role: "status" });
  const send = (label) => async () => {
    try {
      await post("/docs/feedback", { prediction_id: answer.prediction_id, label });
      said.textContent = "Thank you: your rating is recorded.";
    } catch (error) {
      said.textContent = error.kind === "forbidden"
        ? "Rating answers needs a reviewer key."
        : error.message;
    }
  };
  return el("p", { class: "feedback" }, "Was this answer useful? ",
    el("button", { type: "button", class: "secondary", text: "Useful", onclick: send("useful") }), " ",
    el("button", { type: "button", class: "secondary", text: "Not useful", onclick: send("not_useful") }), " ",
    said);
}

function show(answer) {
  const parts = [el("h2", { text: "Answer" })];
  if (answer.abstained) {
    parts.push(el("p", { class: "message info", id: "abstained", text: answer.answer }));
    if (answer.closest.length) {
      parts.push(el("p", { text: "The closest passage, which does not answer:" }),
        el("ul", { class: "citations" }, ...answer.closest.map(citation)));
    }
  } else {
    parts.push(el("p", { class: "answer", id: "answer", text: answer.answer }),
      el("h3", { text: "Sources" }),
      el("ol", { class: "citations", id: "citations" }, ...answer.citations.map(citation)));
  }
  parts.push(feedback(answer),
    el("p", { class: "hint", text: `Index ${answer.model_version}; support ${answer.support.toFixed(3)}.` }));
  result.replaceChildren(...parts);
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  resetForm(form, message, result);
  const k = Number.parseInt(form.k.value, 10);
  const body = { question: form.question.value, k: Number.isNaN(k) ? 3 : k };
  await busy(document.getElementById("ask"), status, "Searching the procedures…", async () => {
    try {
      show(await post("/docs/ask", body));
    } catch (error) {
      if (error instanceof ApiError && error.kind === "invalid") showFieldErrors(form, error.detail, message);
      else showMessage(message, error);
    }
  });
});

async function listProcedures() {
  const list = document.getElementById("procedures");
  try {
    const response = await fetch("procedures/index.json");
    const index = response.ok ? await response.json() : [];
    list.replaceChildren(...(index.length ? index.map((p) => el("li", {},
      el("a", { href: p.page, text: `${p.doc} — ${p.title}` })))
      : [el("li", { text: "None built (make site)." })]));
  } catch {
    list.replaceChildren(el("li", { text: "None built (make site)." }));
  }
}
listProcedures();
