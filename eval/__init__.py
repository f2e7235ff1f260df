"""rag's research scripts (not installed): benchmarks, tuning, fits, reader training, ANN and profiles."""
