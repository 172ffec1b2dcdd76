"""Typed runtime settings, read once from ``VITRINE_*`` environment variables."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="VITRINE_", extra="ignore")

    # Which use cases this process serves; empty = every use case in the catalog.
    # On AWS each Lambda serves one (set by the stack).
    usecases: list[str] = Field(default_factory=list)

    registry: Literal["local", "s3"] = "local"
    registry_dir: Path = Path("data/registry")
    model_bucket: str | None = None
    model_prefix: str = "models"

    store: Literal["sqlite", "dynamodb"] = "sqlite"
    sqlite_path: Path = Path("data/vitrine.db")
    keys_table: str | None = None
    predictions_table: str | None = None
    prediction_ttl_days: int = 90  # days a logged prediction is kept in DynamoDB

    alias_ttl_seconds: float = 60.0  # how long a warm process trusts its cached alias
    key_cache_seconds: float = 60.0  # a revoked key stops working within this delay
    max_body_bytes: int = 256 * 1024  # bytes
    cors_origins: list[str] = Field(default_factory=list)
    # The static site served at / by the local server; absent in the Lambda bundle.
    static_dir: Path = Path("frontend")

    @model_validator(mode="after")
    def _backends_from_resources(self) -> Settings:
        # A stack passes resource attributes only: a bucket name means the S3 registry,
        # table names mean DynamoDB, unless a backend is named explicitly.
        if self.model_bucket and "registry" not in self.model_fields_set:
            self.registry = "s3"
        if self.keys_table and "store" not in self.model_fields_set:
            self.store = "dynamodb"
        return self


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
