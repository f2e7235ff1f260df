"""Retrieve: BM25 and dense (FAISS) search over chunks, fused into one ranking."""
