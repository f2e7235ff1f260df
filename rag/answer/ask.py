"""Ask many questions of one snapshot: embed them once, retrieve each one's passages, answer in shared batches."""

from __future__ import annotations

import time
from collections.abc import Sequence

from rag.answer.answers import answer_many
from rag.answer.lookup import DEEP_POOL, LOOKUP_POOL, with_entries
from rag.answer.reader.reader import Reader
from rag.embed.model import TextEmbedder
from rag.models import Answer, Hit, Mode
from rag.retrieve.search import search
from rag.store.state import State


def ask_state(
    state: State,
    embedder: TextEmbedder,
    questions: Sequence[str],
    k: int | None,
    mode: Mode,
    threshold: float | None,
    reader: Reader | None,
) -> list[Answer]:
    """Answers to `questions` from the `k` best passages of `state` each (the index's setting when None), and the
    entry of a term one names when retrieval ranked it below them (`lookup.with_entries`)."""
    if not questions:
        return []
    cfg = state.manifest.answer
    t = time.perf_counter()
    vectors = embedder.encode(list(questions))
    embed_ms = (time.perf_counter() - t) * 1000 / len(questions)
    k = k or cfg.passages
    searched = [
        search(state, embedder, q, max(k, LOOKUP_POOL), mode, state.manifest.search, v)
        for q, v in zip(questions, vectors)
    ]

    def deeper(i: int) -> list[Hit]:  # an option's line in its list, below the LOOKUP_POOL best
        return search(state, embedder, questions[i], DEEP_POOL, mode, state.manifest.search, vectors[i])[0]

    hits = with_entries(questions, [h for h, _ in searched], k, lambda _: state.docs, state.sparse, deeper)
    answers = answer_many(
        questions, hits, state.docs, state.sparse, embedder, cfg, threshold, reader, vectors,
        state.manifest.build.title_prefix,
    )  # fmt: skip
    for a, (_, timings) in zip(answers, searched):
        a.timings_ms = {**timings, "embed": embed_ms, **a.timings_ms}
    return answers
