"""Tennessee Eastman process data in the layout of Rieth et al. (2017).

Rieth's files (Harvard Dataverse, doi:10.7910/DVN/6C3JR1) hold one row per 3-minute sample:
``faultNumber, simulationRun, sample, xmeas_1..xmeas_41, xmv_1..xmv_11``. Training runs last
25 h (500 samples) with the fault introduced at hour 1; test runs last 48 h (960 samples)
with the fault at hour 8. This module reads those files (CSV, or RData with ``pyreadr``) and
writes the same layout from the tep-studio simulator (revised Downs & Vogel model under
Ricker's decentralized control, IDV 1-20).

Runs that trip the plant (fault 6 shuts it down on high reactor pressure about 7.5 h after
onset) are kept as they are: shorter than the others.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

XMEAS = tuple(f"xmeas_{i}" for i in range(1, 42))
XMV = tuple(f"xmv_{i}" for i in range(1, 12))  # Rieth omits xmv_12 (agitator speed, constant)
VARIABLES = XMEAS + XMV
COLUMNS = ("faultNumber", "simulationRun", "sample", *VARIABLES)
SAMPLE_HOURS = 0.05  # 3 minutes
CONTROL_INTERVAL = 0.01  # hours: tep-studio's stable closed-loop step (5 per sample)
FAULTS = tuple(range(0, 21))
RAW_DIR = Path("data/raw/tep")
GENERATED_DIR = Path("data/generated/tep")


class DataError(ValueError):
    pass


@dataclass(frozen=True)
class SplitSpec:
    """One split: how many runs per fault, how long, when the fault starts."""

    runs_per_fault: int
    hours: float
    onset_hours: float
    faults: tuple[int, ...] = FAULTS
    seed: int = 2017
    # Hours simulated fault-free before the first recorded sample. tep-studio starts from
    # the base case, which is not the steady state of Ricker's control. Measured over six
    # seeds (mean over variables of |hourly mean| in settled normal-operation std): 2.4 at
    # hour 4 from a cold start, settling after about 20 h; with 12 h of warm-up the first
    # 8 recorded hours still read 0.6-0.7, with 20 h they read 0.46 then the settled 0.36-0.40.
    # Recorded from hour 0, every run opened with that start-up, and a model trained on
    # runs whose fault begins at hour 1 learned "start-up = fault": the full-size CNN called
    # 65 % of normal runs' hour-1 windows faulty and none after hour 5. A plant in operation
    # has no such start-up; Rieth's runs begin settled.
    warmup_hours: float = 20.0
    # Whether run r of every fault branches from one warm-up (seeded by ``warmup_seed``),
    # each run with its own noise seed from there, rather than each warming up alone: the
    # warm-ups were 38 % of the quick size's simulated hours (20 of a training run's 45).
    # The branch point is the whole closed loop (kernel and controller), so a branched run
    # starts as settled as one that warmed up alone (hour 5 against hour 0 over five seeds:
    # 0.57-0.76 against 0.67-0.83, tests/test_tep.py). Runs from one warm-up share their
    # start for a few hours (hourly means 0.27 settled std apart at hour 0, 0.39 at hour 3,
    # where runs that warmed up alone are 0.45 apart); quick models trained on them scored
    # as well on runs of unseen seeds that warmed up alone (bench/tep_unseen.py).
    shared_warmup: bool = True

    @property
    def samples(self) -> int:
        return round(self.hours / SAMPLE_HOURS)

    @property
    def onset_sample(self) -> int:
        """First sample (1-based, as in Rieth's files) taken with the fault active."""
        return round(self.onset_hours / SAMPLE_HOURS) + 1


TRAIN = SplitSpec(runs_per_fault=20, hours=25.0, onset_hours=1.0)
TEST = SplitSpec(runs_per_fault=10, hours=48.0, onset_hours=8.0, seed=2018)
# The quick size `make demo` trains: four training runs per fault (two left the CNN 0.935
# macro-F1 with 6.4 % false alarms, four brought it past 0.95 and under 5 %: normal
# operation's run-to-run variation is what it must learn), two test runs per fault so
# that each fault's figures stand on more than one run. 1 min 35 s of simulation on 2 cores
# (3 min 10 s of CPU; 4 min 25 s to 5 min 45 s before runs shared their warm-ups and the
# closed loop was stepped without the library's per-step records). Faults 3, 9 and 15 are
# left out of the quick size: the pipeline excludes them (``Params.exclude_faults``).
QUICK_FAULTS = tuple(f for f in FAULTS if f not in (3, 9, 15))
QUICK_TRAIN = SplitSpec(runs_per_fault=4, hours=25.0, onset_hours=1.0, faults=QUICK_FAULTS)
QUICK_TEST = SplitSpec(runs_per_fault=2, hours=48.0, onset_hours=8.0, seed=2018,
                       faults=QUICK_FAULTS)


# Where the kernel keeps its random generator in tep-studio's model snapshot (the bytes
# of ``struct stModelData`` in temexd_mod.c): ``randsd_`` (three doubles: g, measnoise,
# procdist) follows ``pv_`` (41 + 32 + 21 + 62 + 96 + 12 doubles) and ``dvec_`` (29).
# Under tep-studio's default flags (0x0F) every draw, measurement noise and random-walk
# disturbances alike, reads g; all three are set as a seed sets them. tests/test_tep.py
# checks the offset against the kernel.
_RANDOM_OFFSET = (41 + 32 + 21 + 62 + 96 + 12 + 29) * 8  # bytes


def _seed(*key: object) -> float:
    return float(int.from_bytes(hashlib.sha256(":".join(map(str, key)).encode()).digest()[:4]))


@dataclass(frozen=True)
class PlantState:
    """The closed loop between two control steps: the kernel's snapshot (process state,
    valves, analysers' memory, random generator), the controller (integrators, feed ratios,
    ramps, setpoints) and the measurements its next step reads. Picklable: the process
    pool hands a settled one to every run that branches from it."""

    kernel: Any  # tep_studio.simulation.native.NativeSnapshot
    controller: Any  # tep_studio.control.RickerMultiLoopController
    measurements: np.ndarray


def _process() -> Any:
    """tep-studio's plant, stepped without per-call allocations.

    Python overhead, not the C model, was most of a control step: each of its 20 RK4
    sub-steps allocated and checked arrays in four derivative calls and built new arrays
    for each combination, and ``advance`` then snapshotted the model (to undo a diverged
    step), evaluated every output block and built a record of costs and margins. ``step``
    calls the kernel on preallocated buffers, combines them in place in the library's order
    of operations and keeps only what a data set records: the trajectories are bit for bit
    the library's (tests/test_tep.py compares them with ``ClosedLoopSimulation``), in about
    half the time."""
    from tep_studio.simulation.core import TennesseeEastmanProcess
    from tep_studio.simulation.native import ffi, lib

    class Process(TennesseeEastmanProcess):
        def __init__(self) -> None:
            super().__init__()
            k = self.kernel
            self._buffers = np.zeros((6, k.nx))  # y, probe, k1..k4
            self._outputs = [np.zeros(n) for n in (k.ny, k.nyadd, k.nydist, k.nymonitor,
                                                   k.nycomp)]
            self._pointers = [ffi.from_buffer("double[]", b)
                              for b in (*self._buffers, *self._outputs)]

        def step(self, action: np.ndarray, idv: np.ndarray
                 ) -> tuple[np.ndarray, np.ndarray, bool]:
            """``advance`` by one control interval: the measurements, the valves as
            implemented and whether the plant shut down; a diverged step raises (nothing to
            undo: the run is lost anyway)."""
            implemented = np.clip(action, 0.0, 100.0)
            self.kernel.set_inputs(implemented, idv)
            end = self.time + CONTROL_INTERVAL
            self.state = self._integrate_fixed(self.time, end)[0]
            self.time = end
            if not np.isfinite(self.state).all():
                raise RuntimeError(f"TEP integration diverged at {end:.2f} h")
            handle = self.kernel._handle
            if lib.tep_outputs(handle, end, self._pointers[0], *self._pointers[6:]):
                raise RuntimeError("TEP output call failed")
            return self._outputs[0].copy(), implemented, lib.tep_shutdown_code(handle) != 0.0

        def _integrate_fixed(self, start: float, end: float) -> tuple[np.ndarray, int]:
            if self.solver_method != "RK4":
                return super()._integrate_fixed(start, end)
            n = max(1, int(round((end - start) / self.fixed_step)))
            h = (end - start) / n
            half, sixth = 0.5 * h, h / 6.0
            y, probe, k1, k2, k3, k4 = self._buffers
            py, pp, p1, p2, p3, p4 = self._pointers[:6]
            handle, deriv = self.kernel._handle, lib.tep_derivatives
            y[:] = self.state
            t, status = start, 0
            with np.errstate(over="ignore", invalid="ignore"):  # the caller checks finiteness
                for _ in range(n):
                    status |= deriv(handle, t, py, p1)
                    np.add(y, np.multiply(k1, half, out=probe), out=probe)
                    status |= deriv(handle, t + half, pp, p2)
                    np.add(y, np.multiply(k2, half, out=probe), out=probe)
                    status |= deriv(handle, t + half, pp, p3)
                    np.add(y, np.multiply(k3, h, out=probe), out=probe)
                    status |= deriv(handle, t + h, pp, p4)
                    # y + h/6 (k1 + 2 k2 + 2 k3 + k4), summed left to right as the library does
                    np.add(k1, np.multiply(k2, 2.0, out=k2), out=k1)
                    np.add(k1, np.multiply(k3, 2.0, out=k3), out=k1)
                    np.add(k1, k4, out=k1)
                    np.add(y, np.multiply(k1, sixth, out=k1), out=y)
                    t += h
            if status:
                raise RuntimeError(f"TEP derivative call failed with status {status}")
            return y.copy(), n

    return Process()


def _resume(state: PlantState, seed: float | None = None) -> tuple[Any, Any, np.ndarray]:
    """The closed loop as ``state`` left it; with ``seed``, its random draws start again
    from that seed (a run of its own from a shared settled plant)."""
    import copy

    kernel = state.kernel
    if seed is not None:
        model = bytearray(kernel.model_bytes)
        model[_RANDOM_OFFSET:_RANDOM_OFFSET + 24] = np.full(3, seed).tobytes()
        kernel = replace(kernel, model_bytes=bytes(model))
    sim = _process()
    sim.restore(kernel)
    return sim, copy.deepcopy(state.controller), state.measurements.copy()


def _step(sim: Any, controller: Any, meas: np.ndarray, idv: np.ndarray
          ) -> tuple[np.ndarray, np.ndarray, bool]:
    """One control interval, as ``ClosedLoopSimulation.run`` takes it (without the
    per-step metrics and diagnostics it keeps): the measurements after it, the valves as
    implemented and whether the plant shut down."""
    action, _ = controller.compute_action(meas, time=sim.time)
    return sim.step(action, idv)


def settle(seed: float, hours: float) -> PlantState:
    """A fault-free plant after ``hours`` of closed loop from where
    ``ClosedLoopSimulation.run`` starts: the base case, the controller's setpoints read from
    the first measurements."""
    from tep_studio.control import RickerMultiLoopController

    sim, controller = _process(), RickerMultiLoopController()
    meas, _ = sim.reset(mode="mode1", seed=seed)
    controller.reset(meas, time=sim.time)
    normal = np.zeros(28)
    for _ in range(round(hours / CONTROL_INTERVAL)):
        meas = _step(sim, controller, meas, normal)[0]
    return PlantState(sim.snapshot(), controller, meas)


def warmup_seed(run: int, spec: SplitSpec) -> float:
    """The noise seed of the warm-up that run ``run`` of every fault branches from."""
    return _seed(spec.seed, "warmup", run)


def simulate_run(fault: int, run: int, spec: SplitSpec,
                 start: PlantState | None = None) -> np.ndarray:
    """One closed-loop run: (samples, 3 + 52) rows in ``COLUMNS`` order.

    With ``spec.shared_warmup`` the run branches, with its own noise seed, from ``start``:
    ``settle(warmup_seed(run, spec), spec.warmup_hours)``, computed here when not given.
    Without, it warms up alone, one noise stream throughout."""
    seed = _seed(spec.seed, fault, run)
    if spec.shared_warmup:
        if start is None:
            start = settle(warmup_seed(run, spec), spec.warmup_hours)
        sim, controller, meas = _resume(start, seed)
    else:
        sim, controller, meas = _resume(settle(seed, spec.warmup_hours))
    idv, normal = np.zeros(28), np.zeros(28)
    if fault:
        idv[fault - 1] = 1.0
    onset = spec.warmup_hours + spec.onset_hours - 1e-9  # simulated hours
    per_sample = round(SAMPLE_HOURS / CONTROL_INTERVAL)
    rows = np.empty((spec.samples, len(COLUMNS)))
    kept = 0
    for step in range(spec.samples * per_sample):
        meas, valves, tripped = _step(sim, controller, meas,
                                      idv if sim.time >= onset else normal)
        if step % per_sample == per_sample - 1:  # the state at 3, 6, 9... minutes
            rows[kept, :3] = (fault, run, kept + 1)
            rows[kept, 3:44] = meas
            rows[kept, 44:] = valves[:11]
            kept += 1
        if tripped:
            break
    return rows[:kept]


def _settle(args: tuple[float, float]) -> PlantState:
    return settle(*args)


def _simulate(args: tuple[int, int, SplitSpec, PlantState | None]) -> np.ndarray:
    return simulate_run(*args)


def simulate_splits(specs: dict[str, SplitSpec], workers: int | None = None,
                    progress: Callable[[int], None] | None = None) -> dict[str, pd.DataFrame]:
    """Every (fault, run) of every split, simulated in parallel over the available cores.

    One pool for all splits: the shared warm-ups first, then the runs longest first, so that
    the last ones to finish are short and the cores end together."""
    runs = {name: [(f, r) for f in spec.faults for r in range(1, spec.runs_per_fault + 1)]
            for name, spec in specs.items()}
    # a warm-up depends on its seed and length only: splits that share them share it
    warmups = sorted({(warmup_seed(r, spec), spec.warmup_hours) for spec in specs.values()
                      if spec.shared_warmup for r in range(1, spec.runs_per_fault + 1)})
    jobs = sorted(((name, f, r) for name in specs for f, r in runs[name]),
                  key=lambda job: -specs[job[0]].hours)
    chunks: dict[tuple[str, int, int], np.ndarray] = {}
    with ProcessPoolExecutor(max_workers=workers or os.cpu_count()) as pool:
        settled = dict(zip(warmups, pool.map(_settle, warmups), strict=True))
        futures = {}
        for name, f, r in jobs:
            spec = specs[name]
            start = settled[(warmup_seed(r, spec), spec.warmup_hours)] \
                if spec.shared_warmup else None
            futures[pool.submit(_simulate, (f, r, spec, start))] = (name, f, r)
        for future in as_completed(futures):
            chunks[futures[future]] = future.result()
            if progress:
                progress(1)
    frames = {}
    for name in specs:
        df = pd.DataFrame(np.vstack([chunks[(name, f, r)] for f, r in runs[name]]),
                          columns=list(COLUMNS))
        frames[name] = df.astype({"faultNumber": "int64", "simulationRun": "int64",
                                  "sample": "int64"})
    return frames


def generate_split(spec: SplitSpec, workers: int | None = None,
                   progress: Callable[[int], None] | None = None) -> pd.DataFrame:
    """Every (fault, run) of the split, simulated in parallel over the available cores."""
    return simulate_splits({"split": spec}, workers, progress)["split"]


def is_current(out: Path, name: str, spec: SplitSpec) -> bool:
    """Whether ``<name>.csv`` in ``out`` was generated from exactly this spec."""
    path, stamp = out / f"{name}.csv", out / f".{name}.spec.json"
    return path.exists() and stamp.exists() and \
        stamp.read_text() == json.dumps(asdict(spec), sort_keys=True)


def generate(out: Path, specs: dict[str, SplitSpec], force: bool = False,
             progress: Callable[[int], None] | None = None) -> dict[str, Path]:
    """Write ``<split>.csv`` files in Rieth's layout; reuses them when the spec is unchanged."""
    out.mkdir(parents=True, exist_ok=True)
    stale = {name: spec for name, spec in specs.items()
             if force or not is_current(out, name, spec)}
    for name, df in simulate_splits(stale, progress=progress).items():
        df.to_csv(out / f"{name}.csv", index=False, float_format="%.6g")
        (out / f".{name}.spec.json").write_text(json.dumps(asdict(stale[name]), sort_keys=True))
    return {name: out / f"{name}.csv" for name in specs}


def spec_of(path: Path) -> SplitSpec | None:
    """The spec a generated ``<split>.csv`` was written from (its stamp), None for real data."""
    stamp = Path(path).parent / f".{Path(path).stem}.spec.json"
    if not stamp.exists():
        return None
    fields = {"shared_warmup": False, **json.loads(stamp.read_text())}  # older stamps
    return SplitSpec(**{**fields, "faults": tuple(fields["faults"])})


def runs_in(specs: Iterable[SplitSpec]) -> int:
    return sum(len(s.faults) * s.runs_per_fault for s in specs)


def load(paths: Path | str | list[Path]) -> pd.DataFrame:
    """Rieth's layout from CSV or .RData files (the published format: fault-free and faulty
    runs of a split come as two files), concatenated and sorted."""
    if isinstance(paths, list):
        return pd.concat([load(p) for p in paths], ignore_index=True).sort_values(
            ["faultNumber", "simulationRun", "sample"], ignore_index=True)
    path = Path(paths)
    if path.suffix.lower() in (".rdata", ".rda"):
        try:
            import pyreadr
        except ImportError:
            raise DataError(f"{path}: reading RData needs `pip install pyreadr`") from None
        frames = list(pyreadr.read_r(str(path)).values())
        if len(frames) != 1:
            raise DataError(f"{path}: expected one data frame, found {len(frames)}")
        df = frames[0]
    else:
        df = pd.read_csv(path)
    missing = [c for c in COLUMNS if c not in df.columns]
    if missing:
        raise DataError(f"{path}: missing columns {', '.join(missing[:5])}"
                        + (f" and {len(missing) - 5} more" if len(missing) > 5 else ""))
    df = df[list(COLUMNS)].copy()
    for c in ("faultNumber", "simulationRun", "sample"):
        df[c] = df[c].astype("int64")
    if not np.isfinite(df[list(VARIABLES)].to_numpy()).all():
        raise DataError(f"{path}: non-finite process values")
    return df.sort_values(["faultNumber", "simulationRun", "sample"], ignore_index=True)


def default_sources() -> dict[str, Path | list[Path]]:
    """Rieth's files under data/raw/tep when present (TEP_FaultFree_Training.RData,
    TEP_Faulty_Training.RData, ..._Testing...), else the generated ones."""
    raw = {split: sorted(p for p in RAW_DIR.glob("*") if name in p.name.lower()
                         and p.suffix.lower() in (".rdata", ".rda", ".csv"))
           for split, name in (("train", "training"), ("test", "testing"))}
    if raw["train"] and raw["test"]:
        return raw
    return {"train": GENERATED_DIR / "train.csv", "test": GENERATED_DIR / "test.csv"}
