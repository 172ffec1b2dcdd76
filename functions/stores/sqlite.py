"""The embedded default store: one SQLite file."""

from __future__ import annotations

import json
import sqlite3
import threading
from pathlib import Path

from functions.stores import ApiKeyRecord, AuditRecord, FeedbackRecord, PredictionRecord

_KEY_COLUMNS = "key_id, name, role, salt, hash, created_at, revoked_at, usecases"


def _key(row: tuple) -> ApiKeyRecord:
    *fields, usecases = row
    return ApiKeyRecord(*fields, usecases=None if usecases is None
                        else tuple(json.loads(usecases)))

SCHEMA = """
CREATE TABLE IF NOT EXISTS api_keys (
    key_id TEXT PRIMARY KEY, name TEXT NOT NULL, role TEXT NOT NULL,
    salt TEXT NOT NULL, hash TEXT NOT NULL, created_at TEXT NOT NULL, revoked_at TEXT,
    usecases TEXT
);
CREATE TABLE IF NOT EXISTS audit (
    at TEXT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL, target TEXT NOT NULL,
    details TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS audit_by_time ON audit (at);
CREATE TABLE IF NOT EXISTS predictions (
    prediction_id TEXT PRIMARY KEY, usecase TEXT NOT NULL, model_version TEXT NOT NULL,
    created_at TEXT NOT NULL, inputs TEXT NOT NULL, output TEXT NOT NULL, latency_ms REAL NOT NULL,
    endpoint TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS predictions_by_time ON predictions (usecase, created_at);
CREATE TABLE IF NOT EXISTS feedback (
    prediction_id TEXT PRIMARY KEY, usecase TEXT NOT NULL, label TEXT NOT NULL,
    predicted TEXT NOT NULL, created_at TEXT NOT NULL, source TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS feedback_by_time ON feedback (usecase, created_at);
"""


_INSERT_PREDICTION = "INSERT INTO predictions VALUES (?, ?, ?, ?, ?, ?, ?, ?)"


def _prediction_row(r: PredictionRecord) -> tuple:
    return (r.prediction_id, r.usecase, r.model_version, r.created_at, r.inputs, r.output,
            r.latency_ms, r.endpoint)


class SQLiteStore:
    def __init__(self, path: Path | str):
        self.path = Path(path)
        if str(path) != ":memory:":
            self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
        # WAL + synchronous=NORMAL: a commit survives a crash of the process without an
        # fsync per prediction (which would cost milliseconds on every request).
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute("PRAGMA busy_timeout=5000")
        self._db.executescript(SCHEMA)
        columns = {r[1] for r in self._db.execute("PRAGMA table_info(predictions)")}
        if "endpoint" not in columns:  # a log written before monitoring existed: keep it
            self._db.execute("ALTER TABLE predictions ADD COLUMN endpoint TEXT NOT NULL "
                             "DEFAULT ''")
        if "usecases" not in {r[1] for r in self._db.execute("PRAGMA table_info(api_keys)")}:
            # Keys made before scopes existed: they keep every use case (NULL).
            self._db.execute("ALTER TABLE api_keys ADD COLUMN usecases TEXT")

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
        with self._lock:
            self._db.execute(_INSERT_PREDICTION, _prediction_row(record))

    def log_predictions(self, records: list[PredictionRecord]) -> None:
        """All of ``records`` in one transaction (one commit), or none of them."""
        with self._lock:
            self._db.execute("BEGIN")
            try:
                self._db.executemany(_INSERT_PREDICTION, map(_prediction_row, records))
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def recent_predictions(self, usecase: str, limit: int = 100) -> list[PredictionRecord]:
        with self._lock:
            rows = self._db.execute(
                "SELECT * FROM predictions WHERE usecase = ? ORDER BY created_at DESC LIMIT ?",
                (usecase, limit),
            ).fetchall()
        return [PredictionRecord(*r) for r in rows]

    def get_prediction(self, usecase: str, prediction_id: str) -> PredictionRecord | None:
        with self._lock:
            row = self._db.execute(
                "SELECT * FROM predictions WHERE prediction_id = ? AND usecase = ?",
                (prediction_id, usecase),
            ).fetchone()
        return PredictionRecord(*row) if row else None

    def put_feedback(self, record: FeedbackRecord) -> None:
        with self._lock:
            self._db.execute(
                "INSERT OR REPLACE INTO feedback VALUES (?, ?, ?, ?, ?, ?)",
                (record.prediction_id, record.usecase, record.label, record.predicted,
                 record.created_at, record.source),
            )

    def list_feedback(self, usecase: str, limit: int = 1000) -> list[FeedbackRecord]:
        with self._lock:
            rows = self._db.execute(
                "SELECT * FROM feedback WHERE usecase = ? ORDER BY created_at DESC LIMIT ?",
                (usecase, limit),
            ).fetchall()
        return [FeedbackRecord(*r) for r in rows]

    def describe(self) -> str:
        return f"sqlite:{self.path}"

    def close(self) -> None:
        self._db.close()
