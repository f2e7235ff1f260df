"""Question + passage into model windows: token ids, character offsets and span labels."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass
class Window:
    """One model input: ids of `[CLS] question [SEP] passage-piece [SEP]` and where its tokens sit."""

    input_ids: list[int]
    token_type_ids: list[int]
    offsets: list[tuple[int, int] | None]  # passage character span of each token; None outside the passage
    passage: int  # which passage of the batch it came from
    start_label: int = 0  # 0 ([CLS]) when the window holds no answer
    end_label: int = 0


def windows(
    tokenizer,
    question: str,
    passages: list[str],
    max_len: int = 256,
    stride: int = 96,
    answers: list[tuple[int, int] | None] | None = None,
    max_question: int = 64,
) -> list[Window]:
    """Overlapping windows over each passage; with `answers` (char spans or None), labels too."""
    q_ids = tokenizer(question, add_special_tokens=False, truncation=True, max_length=max_question)["input_ids"]
    out: list[Window] = []
    room = max_len - len(q_ids) - 3
    cls, sep = tokenizer.cls_token_id, tokenizer.sep_token_id
    for p, text in enumerate(passages):
        enc = tokenizer(text, add_special_tokens=False, return_offsets_mapping=True)
        ids, offs = enc["input_ids"], enc["offset_mapping"]
        start = 0
        while True:
            piece = slice(start, start + room)
            w_ids = [cls] + q_ids + [sep] + ids[piece] + [sep]
            head = len(q_ids) + 2
            w = Window(
                input_ids=w_ids,
                token_type_ids=[0] * head + [1] * (len(w_ids) - head),
                offsets=[None] * head + [tuple(o) for o in offs[piece]] + [None],
                passage=p,
            )
            answer = answers[p] if answers is not None else None
            if answer is not None:
                label_span(w, answer[0], answer[1])
            out.append(w)
            if start + room >= len(ids):
                break
            start += max(1, room - stride)
    return out


def label_span(w: Window, char_start: int, char_end: int) -> None:
    """Point the window's labels at the tokens covering [char_start, char_end), if all inside it."""
    inside = [(i, o) for i, o in enumerate(w.offsets) if o is not None]
    if not inside or inside[0][1][0] > char_start or inside[-1][1][1] < char_end:
        return  # the answer is not (wholly) in this window: label stays at [CLS]
    s = next(i for i, o in inside if o[1] > char_start)
    e = max(i for i, o in inside if o[0] < char_end)
    if e >= s:
        w.start_label, w.end_label = s, e


def pad(batch: list[Window], pad_id: int = 0) -> dict[str, np.ndarray]:
    """Stack windows into padded arrays (input_ids, token_type_ids, attention_mask, labels)."""
    n = max(len(w.input_ids) for w in batch)
    ids = np.full((len(batch), n), pad_id, dtype=np.int64)
    types = np.zeros((len(batch), n), dtype=np.int64)
    mask = np.zeros((len(batch), n), dtype=np.int64)
    for i, w in enumerate(batch):
        ids[i, : len(w.input_ids)] = w.input_ids
        types[i, : len(w.token_type_ids)] = w.token_type_ids
        mask[i, : len(w.input_ids)] = 1
    return {
        "input_ids": ids,
        "token_type_ids": types,
        "attention_mask": mask,
        "start_positions": np.array([w.start_label for w in batch]),
        "end_positions": np.array([w.end_label for w in batch]),
    }
