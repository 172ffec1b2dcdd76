"""A presentation deck of a use case (``vitrine deck``): the model card's sections as slides,
with the architecture and the demo scenario, every figure the production manifest's.

The card (functions/cards.py) is the one source: what it says in Markdown and HTML, the deck
says on slides, so that a figure cannot differ between the three.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_CONNECTOR, MSO_SHAPE
from pptx.util import Emu, Inches, Pt

from functions.cards import Card, Section
from functions.contracts.base import UseCase

ROWS_PER_SLIDE = 12  # a table slide stays readable; longer tables continue on the next
# python-pptx's default template: 4:3, its placeholders laid out for that size.
WIDTH, HEIGHT = Inches(10), Inches(7.5)
INK = RGBColor(0x1B, 0x1F, 0x24)
ACCENT = RGBColor(0x0B, 0x5C, 0xAD)

# The platform's path from a training run to an answer, and the loop back (README,
# "Architecture"): one row each.
SERVING_PATH = ("Training run (local or SageMaker)", "ONNX export + parity certificate",
                "Model registry (S3)", "Lambda: FastAPI + Mangum (or Fargate)",
                "API Gateway", "Web site (S3 + CloudFront)")
LOOP = ("Prediction log (DynamoDB)", "Monitoring: drift, performance", "Feedback labels",
        "Gated retraining (Step Functions)")


def _title(slide: Any, text: str) -> None:
    slide.shapes.title.text = text
    for p in slide.shapes.title.text_frame.paragraphs:
        for r in p.runs:
            r.font.size, r.font.bold, r.font.color.rgb = Pt(30), True, INK


def _text(slide: Any, lines: list[str], top: Emu = Inches(1.4), size: int = 18) -> None:
    box = slide.shapes.add_textbox(Inches(0.6), top, WIDTH - Inches(1.2), HEIGHT - top
                                   - Inches(0.4))
    frame = box.text_frame
    frame.word_wrap = True
    for i, line in enumerate(lines):
        p = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        bullet = line.startswith("- ")
        body = line[2:] if bullet else line
        # The card's one markup, **bold**, as runs.
        for j, part in enumerate(body.split("**")):
            if part:
                run = p.add_run()
                run.text = ("• " if bullet and j == 0 else "") + part
                run.font.size, run.font.bold, run.font.color.rgb = Pt(size), j % 2 == 1, INK
        p.space_after = Pt(8)


def _table(slide: Any, header: list[str], rows: list[list[str]], top: Emu) -> None:
    shape = slide.shapes.add_table(len(rows) + 1, len(header), Inches(0.6), top,
                                   WIDTH - Inches(1.2), Inches(0.4) * (len(rows) + 1))
    table = shape.table
    for c, name in enumerate(header):
        table.cell(0, c).text = name
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    for cell in (table.cell(r, c) for r in range(len(rows) + 1) for c in range(len(header))):
        for p in cell.text_frame.paragraphs:
            for run in p.runs:
                run.font.size = Pt(14)


def _section_slides(prs: Any, section: Section, images_root: Path | None) -> None:
    layout = prs.slide_layouts[5]  # title only
    lines = list(section.paragraphs) + [f"- {b}" for b in section.bullets]
    if section.table is not None:
        header, rows = section.table
        chunks = [rows[i:i + ROWS_PER_SLIDE] for i in range(0, len(rows), ROWS_PER_SLIDE)] \
            or [[]]
        for n, chunk in enumerate(chunks):
            slide = prs.slides.add_slide(layout)
            _title(slide, section.title + (f" ({n + 1}/{len(chunks)})" if len(chunks) > 1
                                           else ""))
            top = Inches(1.4)
            if lines and n == 0:
                _text(slide, lines, top, size=16)
                top = Inches(2.2)
            _table(slide, header, chunk, top)
    elif lines:
        slide = prs.slides.add_slide(layout)
        _title(slide, section.title)
        _text(slide, lines)
    for file, caption in section.images:
        path = (images_root / file) if images_root is not None else Path(file)
        slide = prs.slides.add_slide(layout)
        _title(slide, caption.capitalize())
        picture = slide.shapes.add_picture(str(path), Inches(0.6), Inches(1.4),
                                           height=Inches(5.6))
        if picture.width > WIDTH - Inches(1.2):  # a wide plot: fit the width instead
            ratio = (WIDTH - Inches(1.2)) / picture.width
            picture.width, picture.height = int(picture.width * ratio), int(picture.height * ratio)
        picture.left = int((WIDTH - picture.width) / 2)


def _boxes(slide: Any, names: tuple[str, ...], top: Emu, fill: RGBColor) -> list[Any]:
    gap = Inches(0.25)
    width = (WIDTH - Inches(1.2) - gap * (len(names) - 1)) / len(names)
    shapes = []
    for i, name in enumerate(names):
        box = slide.shapes.add_shape(MSO_SHAPE.ROUNDED_RECTANGLE,
                                     Inches(0.6) + int(i * (width + gap)), top, int(width),
                                     Inches(1.1))
        box.fill.solid()
        box.fill.fore_color.rgb = fill
        box.line.color.rgb = ACCENT
        box.text_frame.word_wrap = True
        box.text_frame.text = name
        for p in box.text_frame.paragraphs:
            for r in p.runs:
                r.font.size, r.font.color.rgb = Pt(11), INK
        shapes.append(box)
    for a, b in zip(shapes, shapes[1:], strict=False):
        line = slide.shapes.add_connector(MSO_CONNECTOR.STRAIGHT, a.left + a.width,
                                          a.top + a.height // 2, b.left, b.top + b.height // 2)
        line.line.color.rgb = ACCENT
    return shapes


def build_deck(usecase: UseCase, card: Card, out: Path, images_root: Path | None = None
               ) -> Path:
    """Write the deck of ``usecase`` from its ``card`` to ``out`` (a .pptx)."""
    prs = Presentation()
    first = prs.slides.add_slide(prs.slide_layouts[0])
    first.shapes.title.text = usecase.title
    first.placeholders[1].text = card.summary
    sections = {s.title: s for s in card.sections}
    order = ["Intended use", "Out of scope", "Training data", "Model details"]
    for title in order:
        if title in sections:
            _section_slides(prs, sections[title], images_root)
    for s in card.sections:
        if s.title.startswith("Metrics: "):
            _section_slides(prs, s, images_root)
    for title in ("Published references", "Parity certificate", "Plots from the run"):
        if title in sections:
            _section_slides(prs, sections[title], images_root)

    arch = prs.slides.add_slide(prs.slide_layouts[5])
    _title(arch, "Architecture")
    _boxes(arch, SERVING_PATH, Inches(1.8), RGBColor(0xE8, 0xF1, 0xFB))
    _boxes(arch, LOOP, Inches(4.2), RGBColor(0xF3, 0xF4, 0xF6))
    _text(arch, ["Serving path (top) and the MLOps loop (bottom); all of it defined in AWS "
                 "CDK, and the same app runs locally on SQLite and a folder."],
          top=Inches(5.8), size=14)

    demo = prs.slides.add_slide(prs.slide_layouts[5])
    _title(demo, "Demo scenario")
    routes = [f"- {e.method} {e.path}: {e.summary}" for e in usecase.endpoints]
    _text(demo, ["make demo: data, training, ONNX export and a local server on :8000.",
                 "The use case's routes, each with an API key in X-API-Key:", *routes,
                 "Then: a correction through feedback, the monitoring page, a gated "
                 "retraining."], size=16)

    for title in ("Limits", "Provenance"):
        if title in sections:
            _section_slides(prs, sections[title], images_root)
    out.parent.mkdir(parents=True, exist_ok=True)
    prs.save(str(out))
    return out
