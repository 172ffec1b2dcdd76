"""The registry's write side: publish a certified version, promote it, roll back."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from functions import rollout as rollout_ops
from functions.errors import RegistryError
from functions.registry import ALIAS, RegistryReader, sha256
from functions.rollout import as_change, now, promoted


class PublishRefused(RegistryError):
    pass



class RegistryWriter(RegistryReader):
    def publish(self, usecase: str, model: bytes, manifest: dict[str, Any]) -> str:
        """Store a version; refuses one whose parity certificate did not pass.

        The manifest is written after the model, so a version never exists without its
        artifact. The same artifact from the same training run returns the existing version;
        from another run (other metrics, ranges, provenance) it is a new version.
        """
        cert = manifest.get("parity")
        if not cert or not cert.get("passed"):
            raise PublishRefused(
                f"{usecase}: parity certificate failed (max |p_onnx - p_native| = "
                f"{cert.get('max_abs_diff') if cert else 'n/a'}, label agreement = "
                f"{cert.get('label_agreement') if cert else 'n/a'}); not publishing"
            )
        digest = sha256(model)
        for version in self.versions(usecase):
            existing = self.manifest(usecase, version)
            if (existing["artifact"]["sha256"] == digest
                    and existing.get("run_id") == manifest.get("run_id")):
                return version
        version = datetime.now(UTC).strftime("%Y%m%d-%H%M%S-") + digest[:8]
        manifest = {
            **manifest,
            "usecase": usecase,
            "version": version,
            "created_at": now(),
            "artifact": {"file": "model.onnx", "sha256": digest, "bytes": len(model)},
        }
        self.blobs.put(f"{usecase}/{version}/model.onnx", model)
        self.blobs.put(f"{usecase}/{version}/manifest.json",
                       json.dumps(manifest, indent=2).encode())
        return version

    def promote(self, usecase: str, version: str) -> dict[str, Any]:
        """Point production at ``version``; the previous one joins the history. The alias
        is read, changed and written as one step (``swap``): two promotions at once both
        land, in turn, and the history keeps both."""
        if version not in self.versions(usecase):
            known = ", ".join(self.versions(usecase)) or "none"
            raise RegistryError(f"{usecase} has no version '{version}' (published: {known})")

        change = as_change(lambda current: promoted(current, version))
        return json.loads(self.blobs.swap(self._alias_key(usecase), change))

    def rollback(self, usecase: str) -> dict[str, Any]:
        """Point production back to the version it served before the current one."""

        def change(raw: bytes | None) -> bytes:
            current = json.loads(raw) if raw else None
            if not current or not current["history"]:
                raise RegistryError(f"{usecase}: no earlier production version to roll back "
                                    "to")
            *older, previous = current["history"]
            alias = {
                "version": previous["version"],
                "promoted_at": now(),
                "rolled_back_from": current["version"],
                "history": older,
                "rollouts": current.get("rollouts", []),  # a rollback ends any candidate
            }
            return json.dumps(alias, indent=2).encode()

        return json.loads(self.blobs.swap(self._alias_key(usecase), change))

    # ------------------------------------------------------------------ safe rollout
    # The same operations the API's admin route runs (functions/rollout.py: the serving
    # side cannot import this package).

    def start_rollout(self, usecase: str, version: str, mode: str, share: float = 0.0,
                      reason: str = "") -> dict[str, Any]:
        return rollout_ops.start(self, usecase, version, mode, share, reason)

    def promote_candidate(self, usecase: str) -> dict[str, Any]:
        return rollout_ops.promote_candidate(self, usecase)

    def abort_rollout(self, usecase: str, reason: str = "",
                      figures: dict[str, Any] | None = None) -> dict[str, Any]:
        return rollout_ops.abort(self, usecase, reason, figures)

    def adopt(self, family: str, version: str, how: str, canary_share: float = 0.1,
              reason: str = "") -> str:
        """What the retraining loop does with a version that passed the gate: ``promote``
        it, or roll it out beside production in ``shadow`` or ``canary`` mode (monitoring's
        rules then promote or abort it). A family without production is promoted: there is
        nothing to compare it with. Returns what was done."""
        if how == "promote" or self.production_version(family) in (None, version):
            self.promote(family, version)
            return "promoted"
        self.start_rollout(family, version, how, canary_share if how == "canary" else 0.0,
                           reason)
        return how

    @staticmethod
    def _alias_key(usecase: str) -> str:
        return f"{usecase}/aliases/{ALIAS}.json"
