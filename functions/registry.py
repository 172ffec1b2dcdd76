"""The model registry, read side: where versions, manifests and aliases live.

Layout under a prefix (a local directory or an S3 prefix)::

    <usecase>/<version>/model.onnx
    <usecase>/<version>/manifest.json      written last: a version exists once it has one
    <usecase>/aliases/production.json     {"version": ..., "history": [...]}

The write side (publish, promote, roll back) is in ``model_export.registry``.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from functions.errors import IntegrityError, RegistryError, VitrineError

ALIAS = "production"


class KeyRefused(RegistryError):
    """A key that would leave the store's root (``..``, an absolute path, a link out)."""


class BlobTooLarge(VitrineError):
    """An object over the size its reader accepts: refused before it is read."""

    def __init__(self, key: str, size: int, limit: int):
        self.size, self.limit = size, limit
        super().__init__(f"{key}: {size:,} bytes; at most {limit:,}")


class BlobStore(Protocol):
    # ``max_bytes``: refuse (BlobTooLarge) an object over that size before reading it.
    def get(self, key: str, max_bytes: int | None = None) -> bytes: ...
    def put(self, key: str, data: bytes) -> None: ...
    def swap(self, key: str, change: Callable[[bytes | None], bytes | None]
             ) -> bytes | None: ...
    def list(self, prefix: str) -> list[str]: ...
    def describe(self) -> str: ...


class LocalBlobStore:
    """A directory; writes go through a temporary file and an atomic rename. Every key is
    resolved (links included) and refused when it leaves the root, whoever checked it
    before: the store does not trust its callers' checks."""

    def __init__(self, root: Path | str):
        self.root = Path(root)

    def _path(self, key: str) -> Path:
        if not key or "\x00" in key or Path(key).is_absolute():
            raise KeyRefused(f"refused key {key[:80]!r}: not a relative key")
        root = self.root.resolve()
        path = (root / key).resolve()
        if path == root or not path.is_relative_to(root):
            raise KeyRefused(f"refused key {key[:80]!r}: it leaves the store")
        return path

    def get(self, key: str, max_bytes: int | None = None) -> bytes:
        import stat

        path = self._path(key)
        try:
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
            raise RegistryError(f"not in the store: {key}") from None
        with os.fdopen(fd, "rb") as f:
            info = os.fstat(f.fileno())
            if not stat.S_ISREG(info.st_mode):  # a device, a pipe: never read
                raise RegistryError(f"not in the store: {key}")
            if max_bytes is not None and info.st_size > max_bytes:
                raise BlobTooLarge(key, info.st_size, max_bytes)
            # Bounded even if the file grows between the stat and the read.
            data = f.read() if max_bytes is None else f.read(max_bytes + 1)
        if max_bytes is not None and len(data) > max_bytes:
            raise BlobTooLarge(key, len(data), max_bytes)
        return data

    def put(self, key: str, data: bytes) -> None:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def swap(self, key: str, change: Callable[[bytes | None], bytes | None]) -> bytes | None:
        """Read, change and write ``key`` as one step (an exclusive file lock, so threads
        and processes alike take turns); ``change`` gets the current bytes or None and
        returns the new ones (or None, or the same, to leave it)."""
        import fcntl

        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path.parent / f".tmp-{path.name}.lock", "a") as lock:  # .tmp-: never listed
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                current = path.read_bytes() if path.exists() else None
                new = change(current)
                if new is not None and new != current:
                    self.put(key, new)
                    return new
                return current
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def list(self, prefix: str) -> list[str]:
        base = self._path(prefix) if prefix.strip("/") else self.root.resolve()
        if not base.is_dir():
            return []
        root = self.root.resolve()
        return sorted(
            p.relative_to(root).as_posix()
            for p in base.rglob("*")
            if p.is_file() and not p.name.startswith(".tmp-")
        )

    def describe(self) -> str:
        return str(self.root)


class S3BlobStore:
    def __init__(self, bucket: str, prefix: str = "models", client: Any = None):
        import boto3

        self.bucket = bucket
        self.prefix = prefix.strip("/")
        self._own_client = client is None
        self.client = client or boto3.client("s3")

    def reconnect(self) -> None:
        """A fresh client (SnapStart: a restored copy's pooled connections are stale)."""
        if self._own_client:
            import boto3

            self.client = boto3.client("s3")

    def _key(self, key: str) -> str:
        return f"{self.prefix}/{key}" if self.prefix else key

    def get(self, key: str, max_bytes: int | None = None) -> bytes:
        """The object's bytes; with ``max_bytes``, its size is asked first (HeadObject) and
        the read is a range that stops there, so a larger object is never downloaded."""
        if ".." in key.split("/") or key.startswith("/") or "\x00" in key:
            raise KeyRefused(f"refused key {key[:80]!r}: not a relative key")
        try:
            if max_bytes is None:
                got = self.client.get_object(Bucket=self.bucket, Key=self._key(key))
                return got["Body"].read()
            size = self.client.head_object(Bucket=self.bucket,
                                           Key=self._key(key))["ContentLength"]
            if size > max_bytes:
                raise BlobTooLarge(key, size, max_bytes)
            if size == 0:
                return b""
            got = self.client.get_object(Bucket=self.bucket, Key=self._key(key),
                                         Range=f"bytes=0-{max_bytes}")
            data = got["Body"].read(max_bytes + 1)
        except self.client.exceptions.NoSuchKey:
            raise RegistryError(f"not in the store: {key}") from None
        except self.client.exceptions.ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
                raise RegistryError(f"not in the store: {key}") from None
            raise
        if len(data) > max_bytes:
            raise BlobTooLarge(key, len(data), max_bytes)
        return data

    def put(self, key: str, data: bytes) -> None:
        self.client.put_object(Bucket=self.bucket, Key=self._key(key), Body=data)

    SWAP_TRIES = 10

    def _read_tagged(self, key: str) -> tuple[bytes | None, str | None]:
        try:
            got = self.client.get_object(Bucket=self.bucket, Key=self._key(key))
        except self.client.exceptions.NoSuchKey:
            return None, None
        return got["Body"].read(), got["ETag"]

    def swap(self, key: str, change: Callable[[bytes | None], bytes | None]) -> bytes | None:
        """Read, change and write ``key`` as one step: S3's conditional writes (If-Match on
        the ETag read, If-None-Match for a new key) refuse a write that another writer beat,
        and the change is made again on what that writer left."""
        from botocore.exceptions import ClientError

        for attempt in range(self.SWAP_TRIES):
            current, etag = self._read_tagged(key)
            new = change(current)
            if new is None or new == current:
                return current
            condition = {"IfMatch": etag} if etag else {"IfNoneMatch": "*"}
            try:
                self.client.put_object(Bucket=self.bucket, Key=self._key(key), Body=new,
                                       **condition)
                return new
            except ClientError as exc:
                code = exc.response.get("Error", {}).get("Code")
                if code not in ("PreconditionFailed", "ConditionalRequestConflict"):
                    raise
                time.sleep(0.05 * (attempt + 1))
        raise RegistryError(f"s3://{self.bucket}/{self._key(key)} changed under "
                            f"{self.SWAP_TRIES} tries in a row; try again")

    def list(self, prefix: str) -> list[str]:
        strip = len(self.prefix) + 1 if self.prefix else 0
        keys: list[str] = []
        pages = self.client.get_paginator("list_objects_v2").paginate(
            Bucket=self.bucket, Prefix=self._key(prefix)
        )
        for page in pages:
            keys += [obj["Key"][strip:] for obj in page.get("Contents", [])]
        return sorted(keys)

    def describe(self) -> str:
        return f"s3://{self.bucket}/{self.prefix}"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class RegistryReader:
    def __init__(self, blobs: BlobStore):
        self.blobs = blobs

    def versions(self, usecase: str) -> list[str]:
        """Published versions, oldest first (version ids sort by time)."""
        return sorted(
            key.split("/")[1]
            for key in self.blobs.list(f"{usecase}/")
            if key.endswith("/manifest.json") and key.count("/") == 2
        )

    def manifest(self, usecase: str, version: str) -> dict[str, Any]:
        return json.loads(self.blobs.get(f"{usecase}/{version}/manifest.json"))

    def alias(self, usecase: str, name: str = ALIAS) -> dict[str, Any] | None:
        try:
            return json.loads(self.blobs.get(f"{usecase}/aliases/{name}.json"))
        except RegistryError:
            return None

    def production_version(self, usecase: str) -> str | None:
        alias = self.alias(usecase)
        return alias["version"] if alias else None

    def load(self, usecase: str, version: str) -> tuple[bytes, dict[str, Any]]:
        """The model's bytes and manifest, after checking the bytes against the manifest."""
        manifest = self.manifest(usecase, version)
        data = self.blobs.get(f"{usecase}/{version}/{manifest['artifact']['file']}")
        digest = sha256(data)
        if digest != manifest["artifact"]["sha256"]:
            raise IntegrityError(
                f"{usecase} {version}: model.onnx has sha256 {digest[:12]}…, the manifest "
                f"records {manifest['artifact']['sha256'][:12]}…; refusing a corrupted artifact"
            )
        return data, manifest


def open_registry(settings: Any) -> RegistryReader:
    return RegistryReader(blob_store(settings))


def blob_store(settings: Any) -> BlobStore:
    if settings.registry == "s3":
        if not settings.model_bucket:
            raise RegistryError("VITRINE_REGISTRY=s3 needs VITRINE_MODEL_BUCKET")
        return S3BlobStore(settings.model_bucket, settings.model_prefix)
    return LocalBlobStore(Path(settings.registry_dir) / settings.model_prefix)
