"""rag's evaluation: datasets, metrics, runs and benchmarks."""
