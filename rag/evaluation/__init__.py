"""`rag eval`: question sets, metrics, the runner and its reports, for users' own questions too."""
