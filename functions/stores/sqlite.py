"""The embedded default store: one SQLite file."""

from __future__ import annotations

import json
import sqlite3
import threading
from pathlib import Path

from functions.stores import ApiKeyRecord, AuditRecord, FeedbackRecord, PredictionRecord

_KEY_COLUMNS = ("key_id, name, role, salt, hash, created_at, revoked_at, usecases, "
                "feedback_excluded_at")


def _key(row: tuple) -> ApiKeyRecord:
    *fields, usecases, excluded = row
    return ApiKeyRecord(*fields, usecases=None if usecases is None
                        else tuple(json.loads(usecases)), feedback_excluded_at=excluded)

SCHEMA = """
CREATE TABLE IF NOT EXISTS api_keys (
    key_id TEXT PRIMARY KEY, name TEXT NOT NULL, role TEXT NOT NULL,
    salt TEXT NOT NULL, hash TEXT NOT NULL, created_at TEXT NOT NULL, revoked_at TEXT,
    usecases TEXT, feedback_excluded_at TEXT
);
CREATE TABLE IF NOT EXISTS audit (
    at TEXT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL, target TEXT NOT NULL,
    details TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS audit_by_time ON audit (at);
CREATE TABLE IF NOT EXISTS predictions (
    prediction_id TEXT PRIMARY KEY, usecase TEXT NOT NULL, model_version TEXT NOT NULL,
    created_at TEXT NOT NULL, inputs TEXT NOT NULL, output TEXT NOT NULL, latency_ms REAL NOT NULL,
    endpoint TEXT NOT NULL DEFAULT '', variant TEXT NOT NULL DEFAULT 'production',
    key_id TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS predictions_by_time ON predictions (usecase, created_at);
CREATE TABLE IF NOT EXISTS feedback (
    prediction_id TEXT PRIMARY KEY, usecase TEXT NOT NULL, label TEXT NOT NULL,
    predicted TEXT NOT NULL, created_at TEXT NOT NULL, source TEXT NOT NULL,
    key_id TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS feedback_by_time ON feedback (usecase, created_at);
"""


BUSY_TIMEOUT_MS = 5000  # how long a write waits for another process's transaction
_PREDICTION_COLUMNS = ("prediction_id, usecase, model_version, created_at, inputs, output, "
                       "latency_ms, endpoint, variant, key_id")
_INSERT_PREDICTION = (f"INSERT INTO predictions ({_PREDICTION_COLUMNS}) "
                      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
_FEEDBACK_COLUMNS = "prediction_id, usecase, label, predicted, created_at, source, key_id"
# A new label replaces the stored one (a correction); the same label from the same key is a
# client's retry and keeps the row as it is, its time included.
_PUT_FEEDBACK = (
    f"INSERT INTO feedback ({_FEEDBACK_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (prediction_id) DO UPDATE SET usecase = excluded.usecase, "
    "label = excluded.label, predicted = excluded.predicted, created_at = excluded.created_at, "
    "source = excluded.source, key_id = excluded.key_id "
    "WHERE feedback.label IS NOT excluded.label OR feedback.key_id IS NOT excluded.key_id")


def _prediction_row(r: PredictionRecord) -> tuple:
    return (r.prediction_id, r.usecase, r.model_version, r.created_at, r.inputs, r.output,
            r.latency_ms, r.endpoint, r.variant, r.key_id)


class SQLiteStore:
    commits_locally = True  # WAL with synchronous=NORMAL: a commit writes, never fsyncs

    def __init__(self, path: Path | str):
        self.path = Path(path)
        if str(path) != ":memory:":
            self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._db = self._connect()
        self._db.executescript(SCHEMA)
        columns = {r[1] for r in self._db.execute("PRAGMA table_info(predictions)")}
        if "endpoint" not in columns:  # a log written before monitoring existed: keep it
            self._db.execute("ALTER TABLE predictions ADD COLUMN endpoint TEXT NOT NULL "
                             "DEFAULT ''")
        if "variant" not in columns:  # a log from before rollouts: production answered all
            self._db.execute("ALTER TABLE predictions ADD COLUMN variant TEXT NOT NULL "
                             "DEFAULT 'production'")
        if "key_id" not in columns:  # a log from before key ids: who asked is unknown
            self._db.execute("ALTER TABLE predictions ADD COLUMN key_id TEXT NOT NULL "
                             "DEFAULT ''")
        if "key_id" not in {r[1] for r in self._db.execute("PRAGMA table_info(feedback)")}:
            self._db.execute("ALTER TABLE feedback ADD COLUMN key_id TEXT NOT NULL DEFAULT ''")
        key_columns = {r[1] for r in self._db.execute("PRAGMA table_info(api_keys)")}
        if "usecases" not in key_columns:
            # Keys made before scopes existed: they keep every use case (NULL).
            self._db.execute("ALTER TABLE api_keys ADD COLUMN usecases TEXT")
        if "feedback_excluded_at" not in key_columns:
            self._db.execute("ALTER TABLE api_keys ADD COLUMN feedback_excluded_at TEXT")
        # Opened once the schema is current. The prediction log writes through its own
        # connection: while it waits for a file another process holds, key lookups and
        # /health read through the other one (WAL: readers never wait for a writer) instead
        # of queueing behind it.
        if str(path) == ":memory:":  # a second connection would be another database
            self._log_db, self._log_lock = self._db, self._lock
        else:
            self._log_db, self._log_lock = self._connect(), threading.Lock()

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(str(self.path) if str(self.path) != ":memory:" else ":memory:",
                             check_same_thread=False, isolation_level=None)
        # WAL + synchronous=NORMAL: a commit survives a crash of the process without an
        # fsync per prediction (which would cost milliseconds on every request).
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        return db

    def ping(self) -> None:
        with self._lock:
            self._db.execute("SELECT 1").fetchone()

    def put_key(self, record: ApiKeyRecord) -> None:
        with self._lock:
            self._db.execute(
                "INSERT INTO api_keys (key_id, name, role, salt, hash, created_at, revoked_at, "
                "usecases) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (record.key_id, record.name, record.role, record.salt, record.hash,
                 record.created_at, record.revoked_at,
                 None if record.usecases is None else json.dumps(list(record.usecases))),
            )

    def get_key(self, key_id: str) -> ApiKeyRecord | None:
        with self._lock:
            row = self._db.execute(f"SELECT {_KEY_COLUMNS} FROM api_keys WHERE key_id = ?",
                                   (key_id,)).fetchone()
        return _key(row) if row else None

    def list_keys(self) -> list[ApiKeyRecord]:
        with self._lock:
            rows = self._db.execute(f"SELECT {_KEY_COLUMNS} FROM api_keys "
                                    "ORDER BY created_at").fetchall()
        return [_key(r) for r in rows]

    def revoke_key(self, key_id: str, when: str) -> bool:
        with self._lock:
            cur = self._db.execute(
                "UPDATE api_keys SET revoked_at = ? WHERE key_id = ? AND revoked_at IS NULL",
                (when, key_id),
            )
        return cur.rowcount == 1

    def exclude_feedback(self, key_id: str, when: str | None) -> bool:
        with self._lock:
            cur = self._db.execute("UPDATE api_keys SET feedback_excluded_at = ? "
                                   "WHERE key_id = ?", (when, key_id))
        return cur.rowcount == 1

    def put_audit(self, record: AuditRecord) -> None:
        with self._lock:
            self._db.execute("INSERT INTO audit VALUES (?, ?, ?, ?, ?)",
                             (record.at, record.actor, record.action, record.target,
                              record.details))

    def list_audit(self, limit: int = 100) -> list[AuditRecord]:
        with self._lock:
            rows = self._db.execute("SELECT * FROM audit ORDER BY at DESC LIMIT ?",
                                    (limit,)).fetchall()
        return [AuditRecord(*r) for r in rows]

    def log_prediction(self, record: PredictionRecord) -> None:
        with self._log_lock:
            self._log_db.execute(_INSERT_PREDICTION, _prediction_row(record))

    def log_predictions(self, records: list[PredictionRecord]) -> None:
        """All of ``records`` in one transaction (one commit), or none of them."""
        with self._log_lock:
            self._log_db.execute("BEGIN")
            self._insert_and_commit(records)

    def log_predictions_now(self, records: list[PredictionRecord]) -> bool:
        """``log_predictions`` if it can start at once: False, with nothing written, when
        another thread or process holds the file (the caller, the event loop, must not wait
        for it: busy_timeout would hold it up to 5 s)."""
        if not self._log_lock.acquire(blocking=False):
            return False
        try:
            self._log_db.execute("PRAGMA busy_timeout=0")
            try:
                self._log_db.execute("BEGIN IMMEDIATE")  # takes the write lock now, or fails
            except sqlite3.OperationalError as exc:
                if "locked" in str(exc) or "busy" in str(exc):
                    return False
                raise
            finally:
                self._log_db.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            self._insert_and_commit(records)
            return True
        finally:
            self._log_lock.release()

    def _insert_and_commit(self, records: list[PredictionRecord]) -> None:
        """In the log connection's open transaction: every record, then COMMIT, or ROLLBACK
        and the error."""
        try:
            self._log_db.executemany(_INSERT_PREDICTION, map(_prediction_row, records))
        except BaseException:
            self._log_db.execute("ROLLBACK")
            raise
        self._log_db.execute("COMMIT")

    def recent_predictions(self, usecase: str, limit: int = 100) -> list[PredictionRecord]:
        with self._lock:
            rows = self._db.execute(
                f"SELECT {_PREDICTION_COLUMNS} FROM predictions WHERE usecase = ? "
                "ORDER BY created_at DESC LIMIT ?",
                (usecase, limit),
            ).fetchall()
        return [PredictionRecord(*r) for r in rows]

    def get_prediction(self, usecase: str, prediction_id: str) -> PredictionRecord | None:
        with self._lock:
            row = self._db.execute(
                f"SELECT {_PREDICTION_COLUMNS} FROM predictions WHERE prediction_id = ? "
                "AND usecase = ?",
                (prediction_id, usecase),
            ).fetchone()
        return PredictionRecord(*row) if row else None

    def put_feedback(self, record: FeedbackRecord) -> None:
        with self._lock:
            self._db.execute(_PUT_FEEDBACK, (
                record.prediction_id, record.usecase, record.label, record.predicted,
                record.created_at, record.source, record.key_id))

    def list_feedback(self, usecase: str, limit: int = 1000) -> list[FeedbackRecord]:
        with self._lock:
            rows = self._db.execute(
                f"SELECT {_FEEDBACK_COLUMNS} FROM feedback WHERE usecase = ? "
                "ORDER BY created_at DESC LIMIT ?",
                (usecase, limit),
            ).fetchall()
        return [FeedbackRecord(*r) for r in rows]

    def describe(self) -> str:
        return f"sqlite:{self.path}"

    def close(self) -> None:
        self._db.close()
