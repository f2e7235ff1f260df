"""Sharded indexes: one index split over shard folders, built in-process or by a Ray Data job, searched as one."""
