"""Ingest: files and folders into Documents, then sentences and chunks with exact offsets."""
