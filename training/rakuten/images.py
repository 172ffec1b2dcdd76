"""Product photos for generated listings: 500 x 500 RGB JPEG, drawn per category.

Each category has an object kind (a book, a game case, a console, a sofa, a pool...) drawn
with its own palette, texture and packaging text on a mostly white background, at a random
scale, position and angle. Categories that are confusable in the real catalog share a kind
(every book category draws books; new and used console games draw the same cases), so the
photo alone is clearly weaker than the text, as the challenge's benchmarks show (image
weighted-F1 0.55 against 0.81 for text). Some photos are placeholders or duplicates.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Callable

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

SIZE = 500  # pixels: the challenge's photos are 500 x 500

Draw = Callable[[ImageDraw.ImageDraw, np.random.Generator, tuple[int, int, int, int],
                 tuple[int, int, int]], None]

# code -> (object kind, palette of main colours): shared kinds make confusable categories.
KINDS: dict[int, tuple[str, list[tuple[int, int, int]]]] = {
    10: ("book", [(150, 120, 90), (120, 40, 40), (60, 70, 110), (200, 190, 160)]),
    2705: ("book", [(230, 60, 50), (40, 90, 170), (250, 200, 40), (30, 30, 30)]),
    2403: ("stack", [(150, 120, 90), (230, 60, 50), (40, 90, 170), (200, 190, 160)]),
    2280: ("magazine", [(200, 30, 30), (240, 240, 240), (30, 30, 30), (200, 160, 40)]),
    40: ("case", [(0, 60, 160), (220, 0, 20), (20, 120, 40), (240, 240, 240)]),
    2462: ("case", [(0, 60, 160), (220, 0, 20), (20, 120, 40), (120, 120, 120)]),
    2905: ("case", [(20, 20, 20), (0, 60, 160), (90, 90, 90), (200, 200, 200)]),
    60: ("console", [(30, 30, 30), (240, 240, 240), (200, 0, 20), (100, 100, 110)]),
    50: ("pad", [(30, 30, 30), (240, 240, 240), (0, 90, 200), (200, 0, 20)]),
    1140: ("figure", [(240, 200, 150), (30, 30, 30), (200, 40, 40), (60, 120, 200)]),
    1180: ("figure", [(120, 120, 120), (80, 60, 40), (150, 30, 30), (60, 80, 60)]),
    1160: ("cards", [(250, 210, 40), (40, 90, 170), (200, 40, 40), (120, 60, 160)]),
    1280: ("toy", [(250, 80, 80), (60, 160, 240), (250, 210, 40), (90, 200, 90)]),
    1281: ("box", [(250, 120, 40), (60, 160, 240), (250, 210, 40), (200, 60, 160)]),
    1300: ("vehicle", [(200, 30, 30), (120, 120, 120), (250, 210, 40), (30, 30, 30)]),
    1302: ("outdoor", [(60, 160, 60), (250, 80, 80), (60, 120, 230), (250, 210, 40)]),
    1301: ("sock", [(250, 200, 210), (190, 220, 250), (250, 250, 210), (220, 220, 220)]),
    1320: ("stroller", [(60, 60, 70), (190, 220, 250), (250, 200, 210), (150, 150, 150)]),
    1560: ("furniture", [(150, 110, 70), (240, 240, 235), (60, 60, 60), (190, 160, 120)]),
    2582: ("chair", [(150, 110, 70), (60, 60, 60), (240, 240, 235), (80, 120, 80)]),
    2060: ("vase", [(200, 170, 120), (240, 240, 235), (60, 100, 140), (180, 60, 60)]),
    1920: ("linen", [(240, 240, 235), (190, 200, 220), (220, 190, 180), (150, 170, 150)]),
    1940: ("jar", [(140, 70, 30), (220, 40, 30), (250, 200, 40), (60, 120, 60)]),
    2220: ("bowl", [(220, 60, 60), (60, 120, 200), (90, 160, 90), (150, 150, 150)]),
    2522: ("pens", [(40, 90, 170), (220, 40, 30), (30, 30, 30), (250, 200, 40)]),
    2583: ("pool", [(60, 170, 230), (30, 110, 200), (240, 240, 240), (90, 200, 220)]),
    2585: ("tool", [(60, 140, 60), (230, 120, 20), (200, 30, 30), (60, 60, 60)]),
}


def _jitter(rng: np.random.Generator, c: tuple[int, int, int], amount: int = 30
            ) -> tuple[int, int, int]:
    r, g, b = (int(np.clip(v + rng.integers(-amount, amount + 1), 0, 255)) for v in c)
    return r, g, b


def _text(d: ImageDraw.ImageDraw, rng: np.random.Generator, box: tuple[int, int, int, int],
          words: list[str], fill: tuple[int, int, int]) -> None:
    """Packaging text: a few words in the default bitmap font, scaled by repetition."""
    x0, y0, x1, y1 = box
    font = ImageFont.load_default(size=int(rng.integers(12, 30)))
    for i in range(int(rng.integers(1, 4))):
        y = y0 + 4 + i * (y1 - y0) // 4
        if y < y1:
            d.text((x0 + 6, y), " ".join(rng.choice(words, size=2)), fill=fill, font=font)


def _rect(d, rng, box, c):
    d.rectangle(box, fill=c, outline=_jitter(rng, c, 60), width=3)


def draw_object(kind: str, d: ImageDraw.ImageDraw, rng: np.random.Generator,
                box: tuple[int, int, int, int], c: tuple[int, int, int], words: list[str]
                ) -> None:
    x0, y0, x1, y1 = box
    w, h = x1 - x0, y1 - y0
    dark = _jitter(rng, (30, 30, 30), 20)
    if kind in ("book", "magazine", "case", "box"):
        portrait = (x0 + w // 6, y0, x1 - w // 6, y1) if kind != "box" else box
        _rect(d, rng, portrait, c)
        band = 0.12 if kind == "case" else 0.25
        px0, py0, px1, py1 = portrait
        d.rectangle((px0, py0, px1, py0 + int((py1 - py0) * band)),
                    fill=_jitter(rng, (240, 240, 240) if kind != "case" else c, 40))
        if kind == "magazine":
            for _ in range(5 if px1 - px0 > 80 and py1 - py0 > 140 else 0):  # cover photos
                bx = int(rng.integers(px0, px1 - 40))
                by = int(rng.integers(py0 + 60, py1 - 40))
                d.rectangle((bx, by, bx + 40, by + 30), fill=_jitter(rng, c, 120))
        _text(d, rng, portrait, words, dark if sum(c) > 380 else (250, 250, 250))
    elif kind == "stack":
        for i in range(int(rng.integers(3, 7))):
            t = h // 8
            off = int(rng.integers(-20, 21))
            d.rectangle((x0 + off, y1 - (i + 1) * t, x1 + off, y1 - i * t),
                        fill=_jitter(rng, c, 90), outline=dark)
    elif kind == "console":
        d.rounded_rectangle((x0, y0 + h // 3, x1, y1 - h // 6), radius=25, fill=c, outline=dark)
        d.ellipse((x0 + w // 8, y0 + h // 2, x0 + w // 8 + w // 8, y0 + h // 2 + w // 8),
                  fill=_jitter(rng, c, 80))
        d.rectangle((x0 + w // 2, y0 + h // 2, x1 - w // 8, y0 + h // 2 + 12), fill=dark)
    elif kind == "pad":
        d.rounded_rectangle((x0, y0 + h // 4, x1, y1 - h // 4), radius=60, fill=c, outline=dark)
        for dx in (w // 5, 3 * w // 4):
            d.ellipse((x0 + dx - 18, y0 + h // 2 - 18, x0 + dx + 18, y0 + h // 2 + 18),
                      fill=_jitter(rng, dark, 40))
    elif kind == "figure":
        d.ellipse((x0 + w // 4, y0, x1 - w // 4, y0 + h // 2), fill=_jitter(rng, c, 40),
                  outline=dark)
        d.rectangle((x0 + w // 3, y0 + h // 2, x1 - w // 3, y1), fill=_jitter(rng, c, 90))
        d.rectangle((x0 + w // 5, y1 - h // 10, x1 - w // 5, y1), fill=dark)  # base
    elif kind == "cards":
        for i in range(int(rng.integers(2, 6))):
            off = i * w // 10
            d.rectangle((x0 + off, y0 + off // 2, x0 + off + w // 2, y0 + off // 2 + int(h * 0.7)),
                        fill=_jitter(rng, c, 70), outline=(250, 250, 250), width=6)
    elif kind == "toy":
        for _ in range(int(rng.integers(3, 7))):
            cx, cy = int(rng.integers(x0, x1)), int(rng.integers(y0, y1))
            r = int(rng.integers(w // 10, max(w // 4, w // 10 + 1)))
            d.ellipse((cx - r, cy - r, cx + r, cy + r), fill=_jitter(rng, c, 120))
    elif kind == "vehicle":
        d.polygon([(x0, y1 - h // 3), (x0 + w // 4, y0 + h // 3), (x1 - w // 4, y0 + h // 3),
                   (x1, y1 - h // 3)], fill=c, outline=dark)
        for dx in (w // 5, 4 * w // 5):
            d.ellipse((x0 + dx - w // 10, y1 - h // 3 - w // 10, x0 + dx + w // 10,
                       y1 - h // 3 + w // 10), fill=dark)
    elif kind == "outdoor":
        d.ellipse((x0, y0 + h // 4, x1, y0 + h // 2), fill=c, outline=dark, width=4)
        for dx in (w // 6, w // 2, 5 * w // 6):
            d.line((x0 + dx, y0 + 3 * h // 8, x0 + dx, y1), fill=dark, width=6)
    elif kind == "sock":
        d.rounded_rectangle((x0 + w // 4, y0, x0 + w // 2, y1 - h // 4), radius=20, fill=c)
        d.rounded_rectangle((x0 + w // 4, y1 - h // 3, x1 - w // 6, y1 - h // 8), radius=30,
                            fill=c)
        for i in range(4):
            d.line((x0 + w // 4, y0 + 15 + i * 10, x0 + w // 2, y0 + 15 + i * 10),
                   fill=_jitter(rng, c, 60), width=3)
    elif kind == "stroller":
        d.chord((x0, y0, x1 - w // 5, y1 - h // 4), 180, 360, fill=c, outline=dark)
        d.line((x1 - w // 5, y0 + h // 3, x1, y0), fill=dark, width=8)
        for dx in (w // 6, 2 * w // 3):
            d.ellipse((x0 + dx - 30, y1 - 60, x0 + dx + 30, y1), outline=dark, width=8)
    elif kind in ("furniture", "chair"):
        top = y0 + (h // 3 if kind == "furniture" else h // 2)
        d.rectangle((x0, top, x1, top + h // 10), fill=c, outline=dark)
        for dx in (10, w - 25):
            d.rectangle((x0 + dx, top + h // 10, x0 + dx + 15, y1), fill=_jitter(rng, c, 40))
        if kind == "chair":  # slatted back
            for i in range(5):
                d.line((x0 + 10, y0 + i * h // 10, x1 - 10, y0 + i * h // 10), fill=c, width=10)
        elif rng.random() < 0.5:  # a wardrobe or shelf unit
            d.rectangle((x0 + w // 8, y0, x1 - w // 8, top), fill=c, outline=dark, width=3)
    elif kind == "vase":
        d.ellipse((x0 + w // 4, y0 + h // 3, x1 - w // 4, y1), fill=c, outline=dark)
        d.rectangle((x0 + 2 * w // 5, y0 + h // 6, x1 - 2 * w // 5, y0 + h // 2), fill=c)
    elif kind == "linen":
        for i in range(int(rng.integers(2, 5))):
            t = h // 6
            d.rectangle((x0, y1 - (i + 1) * t, x1, y1 - i * t - 4), fill=_jitter(rng, c, 50))
            for k in range(0, w, 24):  # a woven or striped pattern
                d.line((x0 + k, y1 - (i + 1) * t, x0 + k, y1 - i * t - 4),
                       fill=_jitter(rng, c, 80), width=4)
    elif kind == "jar":
        d.rounded_rectangle((x0 + w // 5, y0 + h // 5, x1 - w // 5, y1), radius=30, fill=c)
        d.rectangle((x0 + w // 4, y0 + h // 10, x1 - w // 4, y0 + h // 5), fill=dark)
        d.rectangle((x0 + w // 5, y0 + h // 2, x1 - w // 5, y0 + 3 * h // 4),
                    fill=(245, 240, 225))
        _text(d, rng, (x0 + w // 5, y0 + h // 2, x1 - w // 5, y0 + 3 * h // 4), words, dark)
    elif kind == "bowl":
        d.chord((x0, y0 + h // 3, x1, y1 + h // 3), 180, 360, fill=c, outline=dark, width=4)
        d.ellipse((x0 + w // 3, y0, x1 - w // 3, y0 + h // 5), fill=_jitter(rng, (200, 160, 110)))
    elif kind == "pens":
        for i in range(int(rng.integers(2, 6))):
            dx = i * w // 6
            d.rectangle((x0 + dx, y0, x0 + dx + 18, y1), fill=_jitter(rng, c, 90))
            d.polygon([(x0 + dx, y1), (x0 + dx + 18, y1), (x0 + dx + 9, y1 + 20)], fill=dark)
    elif kind == "pool":
        d.ellipse((x0, y0 + h // 4, x1, y1), fill=c, outline=(250, 250, 250), width=12)
        for i in range(3):
            y = y0 + h // 2 + i * h // 8
            d.arc((x0 + w // 6, y - 20, x1 - w // 6, y + 20), 0, 180, fill=(230, 250, 255),
                  width=4)
    elif kind == "tool":
        d.line((x0 + w // 5, y0, x1 - w // 4, y1 - h // 4), fill=_jitter(rng, (120, 80, 40)),
               width=14)
        d.rectangle((x1 - w // 3, y1 - h // 3, x1, y1), fill=c, outline=dark, width=3)
    if rng.random() < 0.3 and kind not in ("book", "magazine", "case", "box", "jar"):
        _text(d, rng, (x0, y1 - h // 6, x1, y1), words, dark)  # a label or brand on it


# How often a photo does not show the category's own object: a plain shipping box or
# packaging shot (any category), or an object of a neighbouring category (a console photo
# on a game listing, a sofa on a cushion cover's) -- what makes real product photos weak.
PACKAGING_SHARE = 0.25
NEIGHBOUR_SHARE = 0.25


def photo(code: int, rng: np.random.Generator, words: list[str]) -> Image.Image:
    from training.rakuten.data import GROUPS

    kind, palette = KINDS[code]
    r = rng.random()
    if r < PACKAGING_SHARE:
        kind = "box"
        palette = KINDS[list(KINDS)[int(rng.integers(len(KINDS)))]][1]
    elif r < PACKAGING_SHARE + NEIGHBOUR_SHARE:
        group = next((g for g in GROUPS if code in g), (code,))
        kind, palette = KINDS[group[int(rng.integers(len(group)))]]
    white = rng.random() < 0.8  # most marketplace photos are on white
    bg = (255, 255, 255) if white else _jitter(rng, tuple(int(v) for v in rng.integers(
        120, 240, size=3)), 10)
    image = Image.new("RGB", (SIZE, SIZE), bg)
    d = ImageDraw.Draw(image)
    if not white and rng.random() < 0.5:  # a textured surface (a table, a floor)
        for y in range(0, SIZE, int(rng.integers(6, 30))):
            d.line((0, y, SIZE, y), fill=_jitter(rng, bg, 18), width=2)
    scale = rng.uniform(0.45, 0.9)
    side = int(SIZE * scale)
    x0 = int(rng.integers(0, SIZE - side + 1))
    y0 = int(rng.integers(0, SIZE - side + 1))
    colour = _jitter(rng, palette[int(rng.integers(len(palette)))])
    draw_object(kind, d, rng, (x0, y0, x0 + side, y0 + int(side * rng.uniform(0.8, 1.0))),
                colour, words)
    if rng.random() < 0.3:  # a second, smaller object of another colour (a lot, an accessory)
        s2 = side // 3
        draw_object(kind, d, rng, (SIZE - s2 - 5, SIZE - s2 - 5, SIZE - 5, SIZE - 5),
                    _jitter(rng, palette[int(rng.integers(len(palette)))]), words)
    angle = float(rng.normal(0, 6))
    if abs(angle) > 3:  # most photos are taken straight
        image = image.rotate(angle, resample=Image.Resampling.BILINEAR, fillcolor=bg)
    if rng.random() < 0.3:
        image = image.filter(ImageFilter.GaussianBlur(rng.uniform(0.5, 2.0)))
    # Sensor noise, from the seeded generator (Pillow's effect_noise is not seedable).
    noise, pixels, out = _buffers()
    rng.standard_normal(dtype=np.float32, out=noise)
    noise *= np.float32(rng.uniform(1, 6))
    np.add(np.asarray(image), noise, out=pixels)
    np.clip(pixels, 0, 255, out=pixels)
    np.copyto(out, pixels, casting="unsafe")
    return Image.fromarray(out)


@functools.cache
def _buffers() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The noise and pixel arrays of ``photo``, reused from one photo to the next: fresh
    ones cost more in page faults (the kernel zeroing new pages) than the arithmetic."""
    return (np.empty((SIZE, SIZE, 1), np.float32), np.empty((SIZE, SIZE, 3), np.float32),
            np.empty((SIZE, SIZE, 3), np.uint8))


def placeholder(rng: np.random.Generator) -> Image.Image:
    """The marketplace's "no photo" picture, identical across categories."""
    image = Image.new("RGB", (SIZE, SIZE), (238, 238, 238))
    d = ImageDraw.Draw(image)
    d.rectangle((150, 170, 350, 330), outline=(180, 180, 180), width=6)
    d.ellipse((200, 200, 240, 240), fill=(190, 190, 190))
    d.text((170, 350), "image indisponible", fill=(150, 150, 150),
           font=ImageFont.load_default(size=18))
    return image


def jpeg(image: Image.Image, rng: np.random.Generator) -> bytes:
    buf = io.BytesIO()
    image.save(buf, format="JPEG", quality=int(rng.integers(70, 95)))
    return buf.getvalue()
