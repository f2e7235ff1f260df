"""The interfaces: the `rag` command line, the Gradio page and their shared console helpers."""
