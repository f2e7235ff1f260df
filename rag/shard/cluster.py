"""Ray, when asked for: how to install it where it is missing, joining a cluster or starting a local runtime."""

from __future__ import annotations

import logging
import os
from typing import Any

from pydantic import BaseModel, Field

from rag.errors import BadInput, RagError
from rag.ingest.files import MAX_FILE_ENV

INSTALL = 'pip install "rag[ray]" (in a checkout: pip install -e ".[ray]"; or pip install "ray[data]>=2.9")'
PASSED_ENV = (MAX_FILE_ENV, "RAG_EMBEDDER", "OMP_WAIT_POLICY")  # what Ray's workers must see as this process does


class RayOptions(BaseModel):
    """How a sharded index uses Ray: where the cluster is, and the indexing job's batch sizes and actor pool."""

    address: str | None = Field(default=None, description="Cluster to join (None: $RAY_ADDRESS, else start locally).")
    batch_size: int = Field(default=256, ge=1, description="Passages per embedding batch.")
    concurrency: int | None = Field(default=None, ge=1, description="Embedding actors (None: one per free CPU).")
    threads: int = Field(default=1, ge=1, description="CPUs (and embedder threads) per embedding actor.")
    read_batch: int = Field(default=16, ge=1, description="Files read and chunked per task.")
    backend: str | None = Field(default=None, description="Embedder backend of the actors (None: as this process).")


def ensure_ray() -> Any:
    """The `ray` module (with Ray Data), or BadInput saying how to install it."""
    try:
        import ray
        import ray.data  # noqa: F401
    except ImportError:
        raise BadInput(f"--ray needs Ray, which is not installed here: {INSTALL}") from None
    return ray


def connect(opts: RayOptions) -> Any:
    """Join the cluster at `opts.address` (or $RAY_ADDRESS), else start a local Ray runtime; returns `ray`."""
    ray = ensure_ray()
    if ray.is_initialized():
        return ray
    env = {k: os.environ[k] for k in PASSED_ENV if k in os.environ}
    address = opts.address or os.environ.get("RAY_ADDRESS") or None
    common: dict[str, Any] = {"log_to_driver": False, "logging_level": logging.ERROR}
    if env:
        common["runtime_env"] = {"env_vars": env}
    try:
        if address:
            ray.init(address=address, **common)
        else:
            ray.init(include_dashboard=False, **common)
    except (ConnectionError, RuntimeError, ValueError) as e:
        where = f"the Ray cluster at {address}" if address else "a local Ray runtime"
        raise RagError(f"could not start or join {where}: {' '.join(str(e).split())[:300]}") from None
    quiet_ray_data()
    return ray


def quiet_ray_data() -> None:
    """rag draws its own progress bar (passages/s): Ray Data's bars and per-operator logs stay off."""
    import ray.data

    ctx = ray.data.DataContext.get_current()
    ctx.enable_progress_bars = False
    ctx.enable_operator_progress_bars = False
    ctx.enable_auto_log_stats = False
    for name in ("ray.data", "ray"):
        logging.getLogger(name).setLevel(logging.ERROR)


def cluster_cpus() -> int:
    """CPUs the cluster offers (at least 1)."""
    import ray

    return max(1, int(ray.cluster_resources().get("CPU", 1)))
