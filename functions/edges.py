"""What a caller sends, bounded and checked in one place before any store reads or any
decoder runs: the keys and prefixes of batch files, CSV text, the shape of a JSON body.

Every refusal is a Problem naming the field and the rule; none shows a resolved path, a
bucket or an exception's text (a caller learns what to change, not how the server is laid
out). The stores check again on their side (``functions.registry``): a key that got past
here still cannot leave a store's root.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Annotated, Any

from pydantic import AfterValidator
from pydantic_core import PydanticCustomError

from functions.errors import InvalidInput, Problem

# ------------------------------------------------------------------------- batch keys

INPUT_PREFIX = "in/"  # callers' files; results are written under out/, never read back
MAX_KEY = 512  # characters: S3 allows 1,024; no real layout needs half of it
# One path segment: letters, digits, dot, dash, underscore; not starting with a dot (no
# "..", no hidden files such as the local store's .tmp- lock files).
_SEGMENT = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9._-]*")
KEY_RULE = (f"a relative key under {INPUT_PREFIX} of /-separated names made of letters, "
            "digits, '.', '-' and '_' (none starting with '.'), at most "
            f"{MAX_KEY} characters")


def key_problem(key: Any, suffixes: Sequence[str] = (), prefix: bool = False) -> str | None:
    """Why ``key`` may not name a caller's batch file (None when it may): relative, under
    ``in/``, no empty, ``.`` or ``..`` segment, no absolute path, no NUL or backslash, the
    documented characters only, and one of ``suffixes`` (any case). ``prefix``: a folder
    (``in/`` or ``in/a/b/``), to which file names are appended."""
    if not isinstance(key, str):
        return "must be a string"
    if len(key) > MAX_KEY:
        return f"{len(key)} characters; at most {MAX_KEY}"
    if "\x00" in key or "\\" in key:
        return "NUL and backslash are not allowed in a key"
    if key.startswith("/") or key[1:3] == ":/":
        return f"an absolute path is not a batch key; send {KEY_RULE}"
    if not key.startswith(INPUT_PREFIX):
        return f"must start with {INPUT_PREFIX} (the batch store's input folder)"
    segments = key[len(INPUT_PREFIX):].split("/")
    if prefix:
        if segments[-1] != "":
            return "a prefix ends with /"
        segments = segments[:-1]
    elif not segments or segments == [""]:
        return "names a folder, not a file"
    for segment in segments:
        if segment in (".", ".."):
            return "'.' and '..' segments are not allowed"
        if not _SEGMENT.fullmatch(segment):
            return f"not {KEY_RULE}"
    if suffixes and not key.lower().endswith(tuple(s.lower() for s in suffixes)):
        return f"must end with {' or '.join(suffixes)}"
    return None


def batch_key(key: Any, loc: tuple[str | int, ...], suffixes: Sequence[str] = (),
              prefix: bool = False) -> str:
    """``key`` when it may name a caller's batch file, else InvalidInput naming ``loc``."""
    if why := key_problem(key, suffixes, prefix):
        raise InvalidInput([Problem(loc, why, "batch_key")])
    return key


def KeyField(*suffixes: str, prefix: bool = False) -> Any:  # noqa: N802 - a type, as Annotated
    """A pydantic type for a batch key field: the same rule, reported as a field error."""

    def check(value: str) -> str:
        if why := key_problem(value, suffixes, prefix):
            raise PydanticCustomError("batch_key", why)
        return value

    return Annotated[str, AfterValidator(check)]


# ------------------------------------------------------------------------------ CSV

MAX_CSV_FIELD = 64 * 1024  # characters: a listing's description stops at 20,000
MAX_CSV_LINE = 256 * 1024  # characters per physical line: SECOM's 590 values take ~6,000


def _lines(text: Iterable[str], loc: tuple[str | int, ...], max_line: int) -> Iterator[str]:
    for n, line in enumerate(text, start=1):
        if len(line) > max_line:
            raise InvalidInput([Problem(loc, f"line {n}: {len(line):,} characters; at most "
                                        f"{max_line:,} a line", "too_long")])
        yield line


def csv_rows(text: str, loc: tuple[str | int, ...], max_rows: int,
             max_field: int = MAX_CSV_FIELD, max_line: int = MAX_CSV_LINE
             ) -> Iterator[tuple[int, list[str]]]:
    """(line number, fields) of each record of ``text`` (the header's first), bounded as the
    text is read: a line, a field or a record count over its limit, and every malformed
    record (csv.Error), is an InvalidInput naming the line and the rule."""
    import io

    # strict: a quote left open at the end, or stray after a field, is an error, not data.
    reader = csv.reader(_lines(io.StringIO(text), loc, max_line), strict=True)
    records = 0
    while True:
        try:
            fields = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:  # its text names csv internals: the rule is said instead
            why = ("a field over the CSV field limit" if "field larger" in str(exc)
                   else "a NUL character" if "NUL" in str(exc) else "malformed CSV quoting")
            raise InvalidInput([Problem(loc, f"line {reader.line_num}: {why}",
                                        "csv")]) from None
        for field in fields:
            if len(field) > max_field:
                raise InvalidInput([Problem(loc, f"line {reader.line_num}: a field of "
                                            f"{len(field):,} characters; at most "
                                            f"{max_field:,}", "too_long")])
        records += 1
        if records > max_rows + 1:  # the header, then max_rows
            raise InvalidInput([Problem(loc, f"more than {max_rows:,} rows", "too_long")])
        yield reader.line_num, fields


def csv_dicts(text: str, loc: tuple[str | int, ...], max_rows: int,
              max_field: int = MAX_CSV_FIELD) -> tuple[list[str], list[dict[str, str]]]:
    """The header and each row as a dict (as csv.DictReader gives them), bounded."""
    rows = csv_rows(text, loc, max_rows, max_field)
    header = next(rows, (0, []))[1]
    out = []
    for _, fields in rows:
        if fields:
            out.append(dict(zip(header, fields, strict=False)))
    return header, out


# ------------------------------------------------------------------------------ JSON

MAX_JSON_DEPTH = 32  # nesting: the deepest body (a TEP run's rows of values) needs 4
MAX_JSON_ITEMS = 1_500_000  # values and members: SECOM's 2,000 lots of 590 take 1.18 M
_JSON_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)


def json_shape_problem(raw: bytes, max_depth: int = MAX_JSON_DEPTH,
                       max_items: int = MAX_JSON_ITEMS) -> str | None:
    """Why a JSON body is too deep or has too many elements (None when it is within both),
    found before any parser builds it: a parser's recursion and allocations are what a
    hostile body aims at."""
    opens = raw.count(b"[") + raw.count(b"{")
    if opens <= max_depth and opens + raw.count(b",") <= max_items:
        return None  # an upper bound of both: most bodies stop here, in microseconds
    import numpy as np

    # Brackets and commas inside strings are text, not structure.
    bare = np.frombuffer(_JSON_STRING.sub(b'""', raw), dtype=np.uint8)
    up = (bare == ord("[")) | (bare == ord("{"))
    down = (bare == ord("]")) | (bare == ord("}"))
    depth = int(np.cumsum(up.astype(np.int32) - down.astype(np.int32)).max(initial=0))
    if depth > max_depth:
        return f"JSON nested {depth} deep; at most {max_depth}"
    items = int(up.sum()) + int(np.count_nonzero(bare == ord(",")))
    if items > max_items:
        return f"about {items:,} JSON values; at most {max_items:,}"
    return None
