"""Model cards: what a model is for, what it learned from, how well it does and where it
stops, from the production manifests (and, where the run folder is at hand, its plots).

One structure, two renderings: Markdown (``vitrine card``, a repository's docs) and HTML
(the same command, and GET /usecases/{name}/card that the catalog page links to). Nothing in
a card is typed by hand but the use case's ``CardText``: every figure is the manifest's.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import Any

from functions.contracts.base import UseCase

MAX_METRIC_ROWS = 24  # per model: the headline figures, not every per-class breakdown
KEY_LIBRARIES = ("scikit-learn", "xgboost-cpu", "torch", "skl2onnx", "onnx", "onnxruntime",
                 "bm25s", "prophet")


@dataclass
class Section:
    title: str
    paragraphs: list[str] = field(default_factory=list)
    bullets: list[str] = field(default_factory=list)
    table: tuple[list[str], list[list[str]]] | None = None
    images: list[tuple[str, str]] = field(default_factory=list)  # (file, caption)


@dataclass
class Card:
    title: str
    summary: str
    sections: list[Section]


def _figure(value: Any) -> str:
    if isinstance(value, bool) or value is None:
        return str(value)
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)


def metric_rows(metrics: dict[str, Any], limit: int = MAX_METRIC_ROWS) -> list[list[str]]:
    """Scalar metrics as (name, value) rows, nested sets named by their path (test.mae),
    two levels deep; lists and deeper breakdowns stay in the run's report."""
    rows: list[list[str]] = []

    def walk(node: dict[str, Any], prefix: str, depth: int) -> None:
        for key, value in node.items():
            name = f"{prefix}{key}"
            if isinstance(value, dict) and depth < 2:
                walk(value, name + ".", depth + 1)
            elif isinstance(value, int | float) and not isinstance(value, bool):
                rows.append([name, _figure(value)])

    walk(metrics, "", 0)
    return rows[:limit]


def model_card(usecase: UseCase, models: list[tuple[str, str, dict[str, Any]]],
               plots: list[tuple[str, str]] | None = None) -> Card:
    """The card of ``usecase`` served by ``models`` (family, version, manifest), production
    first; ``plots`` (file, caption) where the run's PNGs were copied beside the card."""
    text = usecase.card
    sections = [Section("Model details", bullets=[
        f"**{family}**: {m.get('model')} ({m.get('task', 'classification')}), version "
        f"{version}, published {m.get('created_at', 'unknown')}; converted to ONNX by "
        f"{m.get('converter')} ({_figure(m.get('artifact', {}).get('bytes'))} bytes, sha256 "
        f"{str(m.get('artifact', {}).get('sha256', ''))[:12]}...)"
        for family, version, m in models])]
    if text is not None:
        sections += [Section("Intended use", [text.intended_use]),
                     Section("Out of scope", [text.out_of_scope])]
    data = Section("Training data", [text.data] if text else [])
    for family, _, m in models:
        training = m.get("training_data") or {}
        facts = [f"{k}: {_figure(v)}" for k, v in training.items()
                 if not isinstance(v, dict | list) and k != "fingerprint"]
        if training.get("fingerprint"):
            facts.append(f"fingerprint {str(training['fingerprint'])[:12]}...")
        if facts:
            data.bullets.append(f"**{family}**: " + "; ".join(facts))
    sections.append(data)
    for family, _, m in models:
        rows = metric_rows(m.get("metrics") or {})
        if m.get("threshold") is not None:
            rows.append(["decision threshold", _figure(m["threshold"])])
        sections.append(Section(f"Metrics: {family}", [
            "On the run's held-out split (the run report holds the breakdowns)."],
            table=(["metric", "value"], rows)))
    if text is not None and text.references:
        sections.append(Section("Published references", bullets=list(text.references)))
    parity = Section("Parity certificate", [
        "The ONNX graph served against the native model it was converted from, on held-out "
        "rows, before it could be published."], table=(
            ["model", "rows", "max |diff|", "mean |diff|", "label agreement", "tolerance",
             "passed"],
            [[family, _figure(p.get("rows")), _figure(p.get("max_abs_diff")),
              _figure(p.get("mean_abs_diff")), _figure(p.get("label_agreement")),
              _figure(p.get("tolerance")), _figure(p.get("passed"))]
             for family, _, m in models for p in [m.get("parity") or {}]]))
    sections.append(parity)
    if text is not None:
        sections.append(Section("Limits", bullets=list(text.limits)))
    if plots:
        sections.append(Section("Plots from the run", images=list(plots)))
    provenance = Section("Provenance")
    for family, _, m in models:
        libs = m.get("libraries") or {}
        shown = ", ".join(f"{k} {libs[k]}" for k in KEY_LIBRARIES if k in libs)
        provenance.bullets.append(
            f"**{family}**: run {m.get('run_id')}, commit {m.get('git_commit')}"
            + (f"; {shown}" if shown else ""))
    sections.append(provenance)
    return Card(f"Model card: {usecase.title}", usecase.description, sections)


def to_markdown(card: Card) -> str:
    out = [f"# {card.title}", "", card.summary, ""]
    for s in card.sections:
        out += [f"## {s.title}", ""]
        for p in s.paragraphs:
            out += [p, ""]
        if s.bullets:
            out += [f"- {b}" for b in s.bullets] + [""]
        if s.table is not None:
            header, rows = s.table
            out += ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
            out += ["| " + " | ".join(r) + " |" for r in rows] + [""]
        for file, caption in s.images:
            out += [f"![{caption}]({file})", ""]
    return "\n".join(out)


def _inline(text: str) -> str:
    """Escaped text, with the cards' one markup: **bold**."""
    parts = html.escape(text).split("**")
    return "".join(f"<strong>{p}</strong>" if i % 2 else p for i, p in enumerate(parts))


def to_html(card: Card) -> str:
    body = [f"<h1>{html.escape(card.title)}</h1>", f"<p>{html.escape(card.summary)}</p>"]
    for s in card.sections:
        body.append(f"<section><h2>{html.escape(s.title)}</h2>")
        body += [f"<p>{_inline(p)}</p>" for p in s.paragraphs]
        if s.bullets:
            body.append("<ul>" + "".join(f"<li>{_inline(b)}</li>" for b in s.bullets)
                        + "</ul>")
        if s.table is not None:
            header, rows = s.table
            body.append("<table><thead><tr>" + "".join(
                f'<th scope="col">{html.escape(h)}</th>' for h in header) + "</tr></thead><tbody>"
                + "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in r) + "</tr>"
                          for r in rows) + "</tbody></table>")
        for file, caption in s.images:
            body.append(f'<figure><img src="{html.escape(file)}" alt="{html.escape(caption)}">'
                        f"<figcaption>{html.escape(caption)}</figcaption></figure>")
        body.append("</section>")
    return ("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            f"<title>{html.escape(card.title)}</title><style>{_CSS}</style></head>"
            "<body><main>" + "\n".join(body) + "</main></body></html>\n")


_CSS = ("body{font-family:system-ui,sans-serif;color:#1b1f24;background:#fff;margin:0}"
        "main{max-width:60rem;margin:0 auto;padding:1.5rem}"
        "table{border-collapse:collapse;margin:.5rem 0}"
        "th,td{border:1px solid #c8ccd1;padding:.3rem .6rem;text-align:left}"
        "img{max-width:100%}figcaption{color:#444;font-size:.9rem}")
