"""The index on disk: manifest, generations switched atomically, documents, and the snapshot searches read."""
