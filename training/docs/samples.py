"""The procedures the assistant cites, as pages of the site (``vitrine site``)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

DOCS = Path("data/docs")


def procedures(folder: Path, site: Path) -> list[dict[str, Any]]:
    """The procedures the assistant cites, as pages (``procedures/PR-07.html``) whose
    headings carry the anchors citations link to (the contract's ``slug``)."""
    from markdown_it import MarkdownIt

    from functions.contracts.docs import slug
    from training.docs.pipeline import load_corpus

    out = site / "procedures"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    if not folder.exists():
        (out / "index.json").write_text("[]")
        return []
    md = MarkdownIt("commonmark").enable("table")

    def heading_ids(tokens: list[Any], *_: Any) -> None:
        for i, tok in enumerate(tokens):
            if tok.type == "heading_open":
                tok.attrSet("id", slug(tokens[i + 1].content))

    md.core.ruler.push("heading_ids", lambda state: heading_ids(state.tokens))
    index = []
    docs: dict[str, tuple[str, str]] = {}
    for c in load_corpus(folder):
        docs.setdefault(c.doc, (c.title, c.file))
    for doc, (title, file) in sorted(docs.items()):
        body = md.render((folder / file).read_text(encoding="utf-8"))
        page = (f'<!doctype html>\n<html lang="fr">\n<head>\n  <meta charset="utf-8">\n'
                f'  <meta name="viewport" content="width=device-width, initial-scale=1">\n'
                f"  <title>{doc} — {_escape(title)}</title>\n"
                '  <link rel="stylesheet" href="../css/site.css">\n</head>\n'
                f'<body>\n<main id="main" class="procedure">\n'
                '<p><a href="../assistant.html">← Assistant</a></p>\n'
                f"{body}</main>\n</body>\n</html>\n")
        (out / f"{doc}.html").write_text(page, encoding="utf-8")
        index.append({"doc": doc, "title": title, "page": f"procedures/{doc}.html"})
    (out / "index.json").write_text(json.dumps(index, ensure_ascii=False))
    return index


def _escape(text: str) -> str:
    import html

    return html.escape(text, quote=True)


def write(site: Path) -> dict[str, Any]:
    return {"procedures": procedures(DOCS, site)}
