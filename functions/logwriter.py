"""The prediction log's writer: group commit, durable before the answer.

Each answered prediction is written to the store before its answer leaves, so that an id a
caller holds is always in the log. Writing each record in its own transaction cost more than
the model itself under load (one SQLite commit per request, measured by
bench/load_bench.py). Here a request hands its record over and waits; every record handed
over meanwhile goes out in one transaction (a SQLite commit, a DynamoDB batch), then each
waiting request is woken: under load a commit carries tens of records, alone it carries one.

Where the transaction runs depends on the store. A network store (DynamoDB) is written by
one writer thread, so that the event loop keeps serving during the round trip. A local file
(SQLite in WAL mode, no fsync at commit) is written on the event loop itself, once per loop
iteration, for every request that finished in it: with a thread, the hand-over, the wake-up
and the two threads' contention for the GIL cost more than the commit (bench/load_bench.py,
one worker, 2 cores: 992–1,197 predictions/s with the thread, 1,406–1,419/s on the loop).
The loop never waits for the file: a batch it cannot write at once (another process holds
the file, or the write fails) goes to the writer thread, which waits and retries.

A failed write never fails a prediction: it is counted (``LogHealth``, shown by /health) and
the answer goes out. A batch that fails is retried record by record, so that one bad record
costs only itself and a transaction is never half-written.
"""

from __future__ import annotations

import asyncio
import logging
import queue
import threading
from collections.abc import Callable
from typing import Any

from functions.stores import PredictionRecord, Store

log = logging.getLogger("vitrine")
MAX_BATCH = 256  # records per transaction: DynamoDB's batches are cut to 25 by boto3


class PredictionLog:
    def __init__(self, store: Store, on_failure: Callable[[Exception], None],
                 max_batch: int = MAX_BATCH, on_loop: bool | None = None):
        self.store = store
        self.on_loop = getattr(store, "commits_locally", False) if on_loop is None else on_loop
        # Records waiting for the next commit, per event loop (one per server; tests and
        # clients may run several, each committing its own).
        self._pending: dict[asyncio.AbstractEventLoop,
                            list[tuple[PredictionRecord, asyncio.Future[bool]]]] = {}
        self.on_failure = on_failure
        self.max_batch = max_batch
        self._queue: queue.SimpleQueue[tuple[PredictionRecord, Any]] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._start_lock = threading.Lock()
        self.batches = 0  # transactions written, and the records they held (for tests, bench)
        self.records = 0

    # ----------------------------------------------------------------------- callers

    async def write(self, record: PredictionRecord) -> bool:
        """Queue ``record`` and return once it is stored (True) or failed and counted."""
        loop = asyncio.get_running_loop()
        done = loop.create_future()
        if self.on_loop:
            pending = self._pending.setdefault(loop, [])
            pending.append((record, done))
            if len(pending) == 1:  # the first since the last commit schedules the next
                loop.call_soon(self._flush, loop)
        else:
            self._put(record, (loop, done))
        return await done

    def _flush(self, loop: asyncio.AbstractEventLoop) -> None:
        """On ``loop``: every record handed over since its last commit, in one (or more,
        of ``max_batch`` each)."""
        pending = self._pending.pop(loop, [])
        for start in range(0, len(pending), self.max_batch):
            batch = pending[start:start + self.max_batch]
            try:
                written = self.store.log_predictions_now([r for r, _ in batch])
            except Exception:  # the thread's path writes one by one and counts failures
                written = False
            if written:
                self.batches += 1
                self.records += len(batch)
                _resolve([(fut, True) for _, fut in batch])
            else:
                for record, fut in batch:
                    self._put(record, (loop, fut))

    # ------------------------------------------------------------------------ thread

    def _put(self, record: PredictionRecord,
             waiter: tuple[asyncio.AbstractEventLoop, asyncio.Future[bool]]) -> None:
        if self._thread is None or not self._thread.is_alive():
            with self._start_lock:
                if self._thread is None or not self._thread.is_alive():
                    self._thread = threading.Thread(target=self._run, name="prediction-log",
                                                    daemon=True)
                    self._thread.start()
        self._queue.put((record, waiter))

    def _run(self) -> None:
        while True:
            batch = [self._queue.get()]
            while len(batch) < self.max_batch:
                try:
                    batch.append(self._queue.get_nowait())
                except queue.Empty:
                    break
            outcomes = self._store([r for r, _ in batch])
            self._wake([w for _, w in batch], outcomes)

    def _store(self, records: list[PredictionRecord]) -> list[bool]:
        self.batches += 1
        self.records += len(records)
        if len(records) > 1:
            try:
                self.store.log_predictions(records)
                return [True] * len(records)
            except Exception as exc:  # one transaction, rolled back: try each on its own
                log.warning("prediction log batch of %d failed (%s); writing one by one",
                            len(records), exc)
        outcomes = []
        for record in records:
            try:
                self.store.log_prediction(record)
                outcomes.append(True)
            except Exception as exc:  # the answer is already computed: report, count, go on
                self.on_failure(exc)
                log.error("prediction log write failed for %s: %s", record.prediction_id, exc)
                outcomes.append(False)
        return outcomes

    @staticmethod
    def _wake(waiters: list[tuple[asyncio.AbstractEventLoop, asyncio.Future[bool]]],
              outcomes: list[bool]) -> None:
        # One call into each event loop per batch (each call_soon_threadsafe wakes the loop
        # through a pipe: once per record would cost what the batching saves).
        per_loop: dict[asyncio.AbstractEventLoop, list[tuple[asyncio.Future[bool], bool]]] = {}
        for (loop, fut), ok in zip(waiters, outcomes, strict=True):
            per_loop.setdefault(loop, []).append((fut, ok))
        for loop, items in per_loop.items():
            try:
                loop.call_soon_threadsafe(_resolve, items)
            except RuntimeError:  # that loop has closed: nobody waits any more
                pass


def _resolve(items: list[tuple[asyncio.Future[bool], bool]]) -> None:
    for fut, ok in items:
        if not fut.done():  # a cancelled request (client gone) no longer waits
            fut.set_result(ok)
