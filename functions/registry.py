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

from functions.errors import IntegrityError, RegistryError

ALIAS = "production"


class BlobStore(Protocol):
    def get(self, key: str) -> bytes: ...
    def put(self, key: str, data: bytes) -> None: ...
    def swap(self, key: str, change: Callable[[bytes | None], bytes | None]
             ) -> bytes | None: ...
    def list(self, prefix: str) -> list[str]: ...
    def describe(self) -> str: ...


class LocalBlobStore:
    """A directory; writes go through a temporary file and an atomic rename."""

    def __init__(self, root: Path | str):
        self.root = Path(root)

    def get(self, key: str) -> bytes:
        try:
            return (self.root / key).read_bytes()
        except FileNotFoundError:
            raise RegistryError(f"not in the registry: {self.root / key}") from None

    def put(self, key: str, data: bytes) -> None:
        path = self.root / key
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

        path = self.root / key
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
        base = self.root / prefix
        if not base.is_dir():
            return []
        return sorted(
            p.relative_to(self.root).as_posix()
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
        self.client = client or boto3.client("s3")

    def _key(self, key: str) -> str:
        return f"{self.prefix}/{key}" if self.prefix else key

    def get(self, key: str) -> bytes:
        try:
            return self.client.get_object(Bucket=self.bucket, Key=self._key(key))["Body"].read()
        except self.client.exceptions.NoSuchKey:
            where = f"s3://{self.bucket}/{self._key(key)}"
            raise RegistryError(f"not in the registry: {where}") from None

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
