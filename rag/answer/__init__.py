"""Answer: quoted sentences from the retrieved passages, the reader's span, and abstention."""
