"""rag's own extractive reader: a MiniLM question-answering head trained on SQuAD train articles."""
