"""Kubernetes versions the linter targets (``--kube-version 1.NN``)."""

from __future__ import annotations

import re
from dataclasses import dataclass

OLDEST_MINOR = 19  # networking.k8s.io/v1 Ingress and IngressClass are served from 1.19
NEWEST_MINOR = 34  # the newest release the shipped schemas are declared for (schemas/index.json)


class VersionError(ValueError):
    """A --kube-version the linter does not support."""


@dataclass(frozen=True, order=True)
class KubeVersion:
    major: int
    minor: int

    def __str__(self) -> str:
        return f"{self.major}.{self.minor}"

    def at_least(self, minor: int) -> bool:
        return (self.major, self.minor) >= (1, minor)


NEWEST = KubeVersion(1, NEWEST_MINOR)
SUPPORTED = tuple(KubeVersion(1, minor) for minor in range(OLDEST_MINOR, NEWEST_MINOR + 1))


def parse_kube_version(text: str) -> KubeVersion:
    """Parse ``1.NN`` (also ``v1.NN`` and ``1.NN.P``) and check that it is supported."""
    match = re.fullmatch(r"v?(\d+)\.(\d+)(?:\.\d+)?", text.strip())
    if not match:
        raise VersionError(f"invalid Kubernetes version {text!r}: write it as 1.NN, e.g. {NEWEST}")
    version = KubeVersion(int(match.group(1)), int(match.group(2)))
    if version not in SUPPORTED:
        raise VersionError(f"unsupported Kubernetes version {version}: supported are {SUPPORTED[0]} to {SUPPORTED[-1]}")
    return version
