"""`rag index --ray / --address / --shards`: the options, checked before any work, and the sharded index they open."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from rag.errors import BadInput


def add_options(p: argparse.ArgumentParser) -> None:
    """The cluster options of `rag index`."""
    g = p.add_argument_group("sharded index and Ray cluster (needs the extra: pip install 'rag[ray]')")
    g.add_argument(
        "--ray",
        action="store_true",
        help="build a sharded index with a Ray Data job: read and chunk by tasks, embed by an actor pool",
    )
    g.add_argument(
        "--address",
        metavar="ADDR",
        help="Ray cluster to join, e.g. 10.0.0.1:6379 (default: $RAY_ADDRESS, else a local Ray runtime)",
    )
    g.add_argument(
        "--shards",
        type=int,
        metavar="N",
        help="shards of a new sharded index (default: one per CPU with --ray, max 16)",
    )
    g.add_argument("--batch-size", type=int, default=256, metavar="N", help="--ray: passages per embedding batch")
    g.add_argument(
        "--concurrency", type=int, metavar="N", help="--ray: embedding actors, one model each (default: one per CPU)"
    )


def wants_shards(args: argparse.Namespace) -> bool:
    return bool(args.ray or args.address or args.shards is not None)


def check_options(args: argparse.Namespace) -> None:
    """Refuse unusable cluster options (Ray missing included) before anything is deleted or read."""
    if args.address and not args.ray:
        raise BadInput("--address names a Ray cluster to index with: add --ray")
    if args.shards is not None and not 1 <= args.shards <= 4096:
        raise BadInput(f"--shards must be between 1 and 4096, got {args.shards}")
    for name in ("batch_size", "concurrency"):
        value = getattr(args, name)
        if value is not None and value < 1:
            raise BadInput(f"--{name.replace('_', '-')} must be at least 1, got {value}")
    if args.ray:
        from rag.shard.cluster import ensure_ray

        ensure_ray()


def open_sharded_for_index(
    args: argparse.Namespace, build, embedder, wait: bool, on_busy: Callable[[str], None] | None
):
    """The sharded index `rag index` adds to: a Ray Data job with --ray, this process otherwise."""
    from rag.shard.cluster import RayOptions, cluster_cpus, connect
    from rag.shard.index import ShardedIndex
    from rag.store.generations import read_pointer

    ray, shards = None, args.shards
    if args.ray:
        ray = RayOptions(address=args.address, batch_size=args.batch_size, concurrency=args.concurrency)
        connect(ray)
        if shards is None and read_pointer(Path(args.index)) is None:  # a new index: one shard per CPU
            shards = min(16, cluster_cpus())
    return ShardedIndex.open(
        args.index, create=True, build=build, embedder=embedder, wait=wait, on_busy=on_busy, ray=ray, shards=shards
    )
