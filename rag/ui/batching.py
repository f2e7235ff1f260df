"""Questions asked at the same time answered together: one `Index.ask_many` call per batch of waiting questions."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from rag.models import Answer, Mode

AskMany = Callable[[Sequence[str], int | None, Mode], list[Answer]]


@dataclass
class _Question:
    text: str
    k: int | None
    mode: Mode
    done: threading.Event = field(default_factory=threading.Event)
    answer: Answer | None = None
    error: BaseException | None = None

    def result(self) -> Answer:
        if self.error is not None:
            raise self.error
        assert self.answer is not None  # set with done
        return self.answer


def take_batch(waiting: list[_Question], limit: int) -> list[_Question]:
    """The oldest waiting question and up to `limit - 1` younger ones with the same k and mode (removed)."""
    key = (waiting[0].k, waiting[0].mode)
    batch = [q for q in waiting if (q.k, q.mode) == key][:limit]
    chosen = {id(q) for q in batch}
    waiting[:] = [q for q in waiting if id(q) not in chosen]
    return batch


class AskBatcher:
    """Answers questions from many threads, batching those that arrive while a batch is running.

    One batch runs at a time (`ask_many` already spreads one batch over the cores). A question that
    finds nothing running is answered at once, alone; questions arriving meanwhile wait and go
    together in the next batch, up to `max_batch`, oldest first. The waiting thread whose turn it
    is runs the batch: there is no thread of its own to start or stop. `sizes` counts batches by size.
    """

    def __init__(self, ask_many: AskMany, max_batch: int = 8):
        if max_batch < 1:
            raise ValueError(f"max_batch must be at least 1, not {max_batch}")
        self._ask_many = ask_many
        self.max_batch = max_batch
        self._cond = threading.Condition()
        self._waiting: list[_Question] = []
        self._running = False
        self.sizes: Counter[int] = Counter()

    def waiting(self) -> int:
        """Questions waiting for a batch (not counting the batch running)."""
        with self._cond:
            return len(self._waiting)

    def ask(self, question: str, k: int | None = None, mode: Mode = "hybrid") -> Answer:
        """The answer to `question`, computed in a batch with the questions waiting beside it."""
        mine = _Question(question, k, mode)
        with self._cond:
            self._waiting.append(mine)
        while True:
            with self._cond:
                while self._running and not mine.done.is_set():
                    self._cond.wait()
                if mine.done.is_set():
                    return mine.result()
                self._running = True
                batch = take_batch(self._waiting, self.max_batch)
                self.sizes[len(batch)] += 1
            try:
                self._answer(batch)
            finally:
                with self._cond:
                    self._running = False
                    self._cond.notify_all()

    def _answer(self, batch: list[_Question]) -> None:
        try:
            answers = self._ask_many([q.text for q in batch], batch[0].k, batch[0].mode)
            if len(answers) != len(batch):
                raise RuntimeError(f"ask_many returned {len(answers)} answers for {len(batch)} questions")
            for q, a in zip(batch, answers):
                q.answer = a
        except Exception as e:  # every question of the batch gets the error; the batcher goes on
            for q in batch:
                q.error = e
        finally:
            for q in batch:
                q.done.set()
