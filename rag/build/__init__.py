"""Build: chunk, embed and merge documents into a new snapshot, checkpointing long updates."""
