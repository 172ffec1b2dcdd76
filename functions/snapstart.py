"""Lambda SnapStart (Python 3.12+): AWS snapshots the function after its init and resumes
copies of that snapshot instead of running init again. Init already does the expensive work
(functions/app.py ``warm``: imports, every served model loaded, the encoder's weights);
the hooks here make a snapshot safe to share:

- before the snapshot: each loaded ONNX session runs once on a row of the shape its graph
  declares (onnxruntime allocates its buffers on the first run; that run belongs in the
  snapshot, not in a caller's first request);
- after each restore: fresh random state (``random``, NumPy's global state: copies
  restored from one snapshot would otherwise draw the same numbers; prediction ids come
  from ``uuid4``, which reads the OS's entropy on every call), fresh AWS clients (their
  pooled connections were opened before the snapshot, possibly days ago), and the
  production alias read again on the next request, so a copy restored after a promotion
  serves the version now in production, not the one at publish time.

The runtime's hooks come from ``snapshot_restore_py``, which exists only in Lambda's
Python runtime: elsewhere (locally, in tests) ``register`` does nothing and says so.
"""

from __future__ import annotations

import gc
import logging
import os
import random
from typing import Any

import numpy as np

log = logging.getLogger("vitrine.snapstart")


def prime(services: Any) -> list[str]:
    """Run each loaded model once on a zero row shaped as its graph declares; the families
    primed (a model that cannot be primed this way is left as it is, never raised)."""
    primed = []
    for uc in services.usecases:
        for family in uc.families:
            try:
                model = services.models.get(family)
                first = model.session.get_inputs()[0]
                if first.type == "tensor(string)":
                    x = np.array([[""]], dtype=object)
                else:
                    width = first.shape[-1] if isinstance(first.shape[-1], int) else \
                        len(uc.model_inputs(family))
                    x = np.zeros((1, *[d if isinstance(d, int) else 1
                                       for d in first.shape[1:-1]], width), np.float32)
                model.session.run(None, {first.name: x})
                primed.append(family)
            except Exception as exc:  # noqa: BLE001  (priming is an optimisation)
                log.info("snapstart: %s not primed (%s)", family, type(exc).__name__)
    return primed


def before_snapshot(services: Any) -> None:
    prime(services)
    # The snapshot is taken once and restored many times: collect what init left as
    # garbage here, where it costs no request anything, then freeze what remains.
    gc.unfreeze()
    gc.collect()
    gc.freeze()


def after_restore(services: Any) -> None:
    seed = int.from_bytes(os.urandom(8), "big")
    random.seed(seed)
    np.random.seed(seed % 2**32)
    services.after_restore()


def register(services: Any) -> bool:
    """The two hooks with the runtime; False where there is no SnapStart runtime."""
    try:
        from snapshot_restore_py import register_after_restore, register_before_snapshot
    except ImportError:
        return False
    register_before_snapshot(lambda: before_snapshot(services))
    register_after_restore(lambda: after_restore(services))
    return True
