"""Batch jobs keep what they free (training/allocator.py); scoring in bounded batches."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

CHURN = """
import resource, sys
import numpy as np
from training.allocator import keep_freed_memory
kept = keep_freed_memory() if sys.argv[1] == "keep" else None
np.ones(1)
before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
for _ in range(40):
    layers = [np.ones((1024, 1024)) for _ in range(3)]  # 8 MB each: a batch's activations
    del layers
print(kept, resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before)
"""


def _faults(mode: str) -> tuple[str, int]:
    out = subprocess.run([sys.executable, "-c", CHURN, mode], capture_output=True, text=True,
                         check=True).stdout.split()
    return out[0], int(out[1])


def test_a_batch_job_reuses_the_memory_it_frees_instead_of_faulting_it_in_again():
    kept, with_keep = _faults("keep")
    if kept != "True":
        pytest.skip("this C library has no mallopt (not glibc)")
    _, without = _faults("plain")
    # Without: the freed top of the heap is trimmed each time, and the next batch's arrays
    # are fresh pages again (~40,000 faults here, ~1,500 with).
    assert without > 20_000
    assert with_keep < without / 10


def test_torch_scoring_bounds_each_batch_by_its_input_bytes():
    torch = pytest.importorskip("torch")
    from model_export.converters import BATCH_BYTES, TorchNative

    seen = []

    class Probe(torch.nn.Module):
        def forward(self, x):
            seen.append(len(x))
            return torch.softmax(x.flatten(1)[:, :3], dim=1)

    photos = np.zeros((20, 160, 160, 3), dtype=np.float32)  # 307 kB a row
    p = TorchNative(Probe()).predict_proba(photos)
    assert p.shape == (20, 3) and np.allclose(p.sum(axis=1), 1.0)
    assert max(seen) == BATCH_BYTES // photos[0].nbytes and sum(seen) == 20
    seen.clear()
    TorchNative(Probe()).predict_proba(np.zeros((600, 10), dtype=np.float32))
    assert seen == [256, 256, 88]  # small rows: the row cap
