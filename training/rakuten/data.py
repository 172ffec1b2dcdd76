"""Rakuten France product data: a loader for the challenge's files, and a generator writing
exactly that layout.

    X_train_update.csv   ,designation,description,productid,imageid   (unnamed index first)
    Y_train_CVw08PX.csv  ,prdtypecode
    images/image_train/image_{imageid}_product_{productid}.jpg       500 x 500 RGB JPEG

Real files placed under ``data/raw/rakuten/`` are used when present; otherwise
``vitrine data rakuten`` generates ``data/generated/rakuten/``.
"""

from __future__ import annotations

import html
import json
import os
import random
import re
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from functions.contracts.rakuten import CODES

RAW_DIR = Path("data/raw/rakuten")
GENERATED_DIR = Path("data/generated/rakuten")
X_FILE, Y_FILE = "X_train_update.csv", "Y_train_CVw08PX.csv"
IMAGE_DIR = Path("images") / "image_train"

# Rows per code in the real label file (84,916 rows): the generator draws in these shares.
REAL_COUNTS = {
    10: 3116, 40: 2508, 50: 1681, 60: 832, 1140: 2671, 1160: 3953, 1180: 764, 1280: 4870,
    1281: 2070, 1300: 5045, 1301: 807, 1302: 2491, 1320: 3241, 1560: 5073, 1920: 4303,
    1940: 803, 2060: 4993, 2220: 824, 2280: 4760, 2403: 4774, 2462: 1421, 2522: 4989,
    2582: 2589, 2583: 10209, 2585: 2496, 2705: 2761, 2905: 872,
}
# Groups the real catalog confuses; label noise moves a listing within its group.
GROUPS = ((10, 2705, 2403, 2280), (40, 2462, 60, 50, 2905), (1280, 1281, 1302, 1300),
          (1560, 2582, 2060, 1920), (1140, 1180, 1160), (1320, 1301), (2583, 2585, 2582))
SPLIT_SHARES = {"train": 0.60, "val": 0.15, "test": 0.15, "unseen": 0.10}


def image_path(folder: Path, imageid: int, productid: int) -> Path:
    return folder / IMAGE_DIR / f"image_{imageid}_product_{productid}.jpg"


def load(folder: Path) -> pd.DataFrame:
    """The listings with their codes and photo paths (one row per product), checked."""
    x_path, y_path = folder / X_FILE, folder / Y_FILE
    for p in (x_path, y_path):
        if not p.exists():
            raise FileNotFoundError(f"{p} is missing (the challenge's {p.name})")
    x = pd.read_csv(x_path, index_col=0, encoding="utf-8", keep_default_na=False,
                    na_values=[""], dtype={"designation": str, "description": str})
    y = pd.read_csv(y_path, index_col=0)
    missing = {"designation", "description", "productid", "imageid"} - set(x.columns)
    if missing:
        raise ValueError(f"{x_path}: missing columns {', '.join(sorted(missing))}")
    if "prdtypecode" not in y.columns:
        raise ValueError(f"{y_path}: no prdtypecode column")
    if len(x) != len(y) or not x.index.equals(y.index):
        raise ValueError(f"{x_path} and {y_path} do not list the same rows")
    df = x.join(y)
    # None, not NaN, for a missing description: what the API receives for one.
    desc = df["description"].astype(object)
    df["description"] = desc.where(desc.notna(), None)
    df["designation"] = df["designation"].fillna("")
    unknown = sorted(set(df["prdtypecode"]) - set(CODES))
    if unknown:
        raise ValueError(f"{y_path}: unknown product type codes {unknown[:10]}")
    df["image_path"] = [str(image_path(folder, i, p))
                        for i, p in zip(df["imageid"], df["productid"], strict=True)]
    return df


def splits(df: pd.DataFrame, seed: int = 7) -> pd.Series:
    """Each product's partition: train / val / test, and "unseen" for the request simulator;
    stratified by code, seeded, stable for a given file."""
    rng = np.random.default_rng(seed)
    out = pd.Series("train", index=df.index, dtype=object)
    for _, idx in df.groupby("prdtypecode").groups.items():
        idx = rng.permutation(np.asarray(idx))
        start = 0
        for name in ("unseen", "test", "val"):
            n = int(round(SPLIT_SHARES[name] * len(idx)))
            out[idx[start:start + n]] = name
            start += n
    return out


# --------------------------------------------------------------------------- generator

@dataclass(frozen=True)
class GeneratorSpec:
    seed: int = 7
    products: int = 6_000  # quick size (under a minute on 2 cores); the real file has 84,916
    missing_description: float = 0.35  # share of listings without a description (real: ~35 %)
    label_noise: float = 0.03  # listings filed under a neighbouring code by their seller
    placeholder_images: float = 0.015  # "no photo" pictures
    duplicate_images: float = 0.02  # a seller reusing another listing's photo

    @classmethod
    def full(cls, seed: int = 7) -> GeneratorSpec:
        return cls(seed=seed, products=sum(REAL_COUNTS.values()))


def _fill(template: str, slots: dict[str, list[str]], numeric: dict[str, tuple[int, int]],
          rng: random.Random, extra: dict[str, str] | None = None) -> str:
    def value(m: re.Match[str]) -> str:
        key = m.group(1)
        if extra and key in extra:
            return extra[key]
        if key in numeric:
            lo, hi = numeric[key]
            return str(rng.randint(lo, hi))
        return rng.choice(slots[key])

    return re.sub(r"\{(\w+)\}", value, template)


def _noisy_title(title: str, rng: random.Random) -> str:
    r = rng.random()
    if r < 0.08:
        title = title.upper()
    elif r < 0.12:
        title = title.lower()
    if rng.random() < 0.03 and len(title) > 12:  # a typo: two letters swapped
        i = rng.randrange(1, len(title) - 2)
        title = title[:i] + title[i + 1] + title[i] + title[i + 2:]
    return title[:250]


def _html(text: str, rng: random.Random) -> str:
    """Descriptions as sellers paste them: paragraphs and line breaks, entities, mojibake."""
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", text) if s]
    r = rng.random()
    if r < 0.35:
        text = "".join(f"<p>{s}</p>" for s in sentences)
    elif r < 0.55:
        text = "<br />".join(sentences)
    elif r < 0.62:
        text = "<ul>" + "".join(f"<li>{s}</li>" for s in sentences) + "</ul>"
    if rng.random() < 0.25:  # accented letters as HTML entities, as some shop exports do
        text = html.escape(text, quote=False).encode("ascii", "xmlcharrefreplace").decode()
        text = (text.replace("&#233;", "&eacute;").replace("&#232;", "&egrave;")
                .replace("&#224;", "&agrave;"))
    elif rng.random() < 0.03:  # UTF-8 read as Windows-1252 somewhere upstream
        text = text.encode("utf-8").decode("cp1252", errors="replace")
    return text


def _listing(code: int, rng: random.Random) -> tuple[str, str | None, list[str]]:
    from training.rakuten.vocab import CATEGORIES, NUMERIC, SHARED

    cat = CATEGORIES[code]
    slots = {**SHARED, **cat["slots"]}
    title = _fill(rng.choice(cat["titles"]), slots, NUMERIC, rng)
    description = None
    if rng.random() >= GeneratorSpec.missing_description:
        parts = [_fill(t, slots, NUMERIC, rng, {"titre": title})
                 for t in rng.sample(cat["descriptions"], k=min(len(cat["descriptions"]),
                                                                  rng.randint(1, 3)))]
        description = _html(" ".join(parts), rng)
    words = [w for w in re.findall(r"[^\W\d_]{3,}", title)] or ["Neuf"]
    return _noisy_title(title, rng), description, words


def _neighbour(code: int, rng: random.Random) -> int:
    group = next((g for g in GROUPS if code in g), None)
    others = [c for c in (group or CODES) if c != code]
    return rng.choice(others)


def _distinct(rng: np.random.Generator, lo: int, hi: int, n: int) -> np.ndarray:
    values = np.unique(rng.integers(lo, hi, size=2 * n + 10, dtype=np.int64))
    return rng.permutation(values)[:n]


def _photos(task: tuple[Path, int, list[tuple[int, int, int, list[str]]]]) -> int:
    """Draw and write one chunk of photos (a worker process)."""
    from training.allocator import keep_freed_memory
    from training.rakuten.images import jpeg, photo

    keep_freed_memory()  # a worker started by spawn does not inherit its parent's settings
    folder, seed, rows = task
    rng = np.random.default_rng(seed)
    for imageid, productid, code, words in rows:
        data = jpeg(photo(code, rng, words), rng)
        image_path(folder, imageid, productid).write_bytes(data)
    return len(rows)


def generate(out: Path, spec: GeneratorSpec, progress: Any = None) -> pd.DataFrame:
    """Write ``spec.products`` listings in the challenge's layout under ``out``."""
    from training.rakuten.images import jpeg, placeholder

    rng = random.Random(spec.seed)
    nrng = np.random.default_rng(spec.seed)
    shares = np.array([REAL_COUNTS[c] for c in CODES], dtype=np.float64)
    codes = nrng.choice(np.array(CODES), size=spec.products, p=shares / shares.sum())
    (out / IMAGE_DIR).mkdir(parents=True, exist_ok=True)
    rows, labels, tasks = [], [], []
    # Ids in the real files' ranges, distinct (drawn with room, then deduplicated).
    productids = _distinct(nrng, 10_000_000, 4_300_000_000, spec.products)
    imageids = _distinct(nrng, 100_000, 1_400_000_000, spec.products)
    holder = jpeg(placeholder(nrng), nrng)
    earlier: dict[int, tuple[int, int]] = {}  # code -> a listing whose photo is drawn
    copies: list[tuple[tuple[int, int], tuple[int, int]]] = []
    for i, code in enumerate(codes.tolist()):
        title, description, words = _listing(code, rng)
        label = _neighbour(code, rng) if rng.random() < spec.label_noise else code
        pid, iid = int(productids[i]), int(imageids[i])
        rows.append({"designation": title, "description": description,
                     "productid": pid, "imageid": iid})
        labels.append(label)
        r = rng.random()
        if r < spec.placeholder_images:
            image_path(out, iid, pid).write_bytes(holder)
        elif r < spec.placeholder_images + spec.duplicate_images and code in earlier:
            copies.append(((iid, pid), earlier[code]))
        else:
            tasks.append((iid, pid, code, words))
            earlier.setdefault(code, (iid, pid))
    chunks = [(out, spec.seed + 1 + k, tasks[k::8]) for k in range(8)]
    workers = max(1, min(2, os.cpu_count() or 1))
    with ProcessPoolExecutor(workers) as pool:
        for n in pool.map(_photos, chunks):
            if progress:
                progress(n)
    for target, source in copies:  # once every photo is drawn
        image_path(out, *target).write_bytes(image_path(out, *source).read_bytes())
    if progress:  # placeholders and duplicates, written without drawing
        progress(spec.products - len(tasks))
    x = pd.DataFrame(rows)
    x.index.name = None
    x.to_csv(out / X_FILE, encoding="utf-8")
    pd.DataFrame({"prdtypecode": labels}).to_csv(out / Y_FILE)
    return load(out)


def is_current(out: Path, spec: GeneratorSpec) -> bool:
    stamp = out / ".spec.json"
    return (out / X_FILE).exists() and stamp.exists() and \
        json.loads(stamp.read_text()) == asdict(spec)


def stamp(out: Path, spec: GeneratorSpec) -> None:
    (out / ".spec.json").write_text(json.dumps(asdict(spec)))
