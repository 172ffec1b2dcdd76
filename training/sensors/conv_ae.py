"""A small convolutional autoencoder (the family at the top of SKAB's published table) under
the benchmark's protocol: a training-side comparison, not served (see
docs/usecases/sensors.md for its cross-validated figures and why).

Per file, as the protocol asks, it is trained on the first 400 rows alone: channels
standardised on them, windows of ``window`` rows, two strided convolutions down and two
transposed ones up. A row's score is the reconstruction error of the window ending at it
(causal). The threshold's reference scores are either the training windows' own errors
(``holdout`` 0) or, split-conformal, those of the reference's last ``HOLDOUT`` rows under a
second network trained on the rows before them. torch is imported here only; a full
comparison trains ~100 small networks (minutes on 2 cores).
"""

from __future__ import annotations

import numpy as np

WINDOWS = (32, 60)  # rows per window
HOLDOUTS = (0, 100)  # reference rows for the threshold's scores (0: the training windows')
EPOCHS = 40
SEED = 0


def _windows(z: np.ndarray, w: int) -> np.ndarray:
    return np.lib.stride_tricks.sliding_window_view(z, w, axis=0).copy()  # (n-w+1, c, w)


def _network(channels: int, hidden: int = 32):  # type: ignore[no-untyped-def]
    from torch import nn

    return nn.Sequential(
        nn.Conv1d(channels, hidden, 7, 2, 3), nn.ReLU(), nn.Dropout(0.2),
        nn.Conv1d(hidden, hidden // 2, 7, 2, 3), nn.ReLU(),
        nn.ConvTranspose1d(hidden // 2, hidden // 2, 7, 2, 3, output_padding=1), nn.ReLU(),
        nn.Dropout(0.2),
        nn.ConvTranspose1d(hidden // 2, hidden, 7, 2, 3, output_padding=1), nn.ReLU(),
        nn.Conv1d(hidden, channels, 7, 1, 3))


def _train(z: np.ndarray, w: int, seed: int = SEED):  # type: ignore[no-untyped-def]
    import torch

    torch.manual_seed(seed)
    net = _network(z.shape[1])
    opt = torch.optim.Adam(net.parameters(), 1e-3)
    x = torch.tensor(_windows(z, w), dtype=torch.float32)
    order = torch.Generator().manual_seed(seed)
    for _ in range(EPOCHS):
        net.train()
        for idx in torch.randperm(len(x), generator=order).split(32):
            opt.zero_grad()
            loss = ((net(x[idx]) - x[idx]) ** 2).mean()
            loss.backward()
            opt.step()
    return net.eval()


def _errors(net, z: np.ndarray, w: int) -> np.ndarray:  # type: ignore[no-untyped-def]
    import torch

    x = torch.tensor(_windows(z, w), dtype=torch.float32)
    with torch.no_grad():
        err = ((net(x) - x) ** 2).mean(dim=(1, 2)).numpy().astype(np.float64)
    return np.concatenate([np.full(w - 1, err[0]), err])  # row t: the window ending at t


def scores(reference: np.ndarray, x: np.ndarray, window: int, holdout: int
           ) -> tuple[np.ndarray, np.ndarray]:
    """(the threshold's reference scores, every row's score) for ``x``, which starts with
    ``reference``."""
    n = len(reference)
    mean, scale = reference.mean(axis=0), reference.std(axis=0)
    z = (np.asarray(x, dtype=np.float64) - mean) / np.where(scale > 1e-9, scale, 1.0)
    every = _errors(_train(z[:n], window), z, window)
    if not holdout:
        return every[window - 1:n], every
    inner = _train(z[:n - holdout], window)
    return _errors(inner, z[:n], window)[n - holdout:], every


def grid(experiments: list) -> object:
    """The autoencoder's candidates on every file (skab.Grid): WINDOWS x HOLDOUTS crossed
    with the threshold grid."""
    import torch

    from training.sensors import skab

    torch.set_num_threads(1)
    out = None
    for w in WINDOWS:
        for h in HOLDOUTS:
            per_file = [scores(e.values[:skab.TRAIN_ROWS], e.values, w, h) for e in experiments]
            part = skab.sweep(experiments, per_file,
                              {"family": "conv_ae", "window": w, "holdout": h})
            out = part if out is None else out + part
    return out
