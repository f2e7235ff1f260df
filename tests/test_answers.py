"""Quoted answers: exact substrings, merged and unrepeated quotes, abstention on the seeds dev set."""

from __future__ import annotations

import json

import numpy as np
import pytest

from rag.answer.quotes import Sentence, context, merge_spans, select_quotes
from rag.evaluation.metrics import contains_answer
from rag.models import Document, Hit
from rag.ui.cli import main as cli


def test_merge_spans_joins_overlapping_and_adjacent_sentences():
    """Protects quote merging: overlap or whitespace-only gaps merge; other gaps and documents do not."""
    text = {"a": "One. Two. Three. Four.", "b": "One. Two."}
    spans = [("a", 0, 4, 0.9), ("a", 5, 9, 0.5), ("a", 17, 22, 0.4), ("b", 0, 4, 0.8), ("a", 2, 8, 0.1)]
    merged = merge_spans(spans, text)
    assert merged == [("a", 0, 9, 0.9), ("b", 0, 4, 0.8), ("a", 17, 22, 0.4)]


def test_context_cuts_at_word_boundaries():
    text = "alpha beta gamma delta epsilon zeta eta theta"
    s = text.index("delta")
    before, after = context(text, s, s + 5, width=12)
    assert text[s - len(before) : s] == before and before.startswith("beta") or before.startswith("gamma")
    assert text[s + 5 : s + 5 + len(after)] == after


def test_select_quotes_never_repeats_text():
    """Protects 'no two quotes repeat the same text': equal sentences in two documents give one quote."""
    d1 = Document(id="1", title="t1", source="s1", sha256="x", text="Same words here. Other one.")
    d2 = Document(id="2", title="t2", source="s2", sha256="y", text="Same  words here.")
    hit = Hit(chunk_id=0, doc_id="1", title="t1", source="s1", text="", start=0, end=0, score=1, rank=1)
    sents = [Sentence(d1, 0, 16, hit), Sentence(d2, 0, 17, hit), Sentence(d1, 17, 27, hit)]
    quotes = select_quotes(sents, np.array([0.9, 0.8, 0.1]), max_quotes=3, relative=0.5)
    assert [q.text for q in quotes] == ["Same words here."]


def test_quotes_are_exact_substrings_with_context(seeds_index):
    """Protects exactness: every quote is document.text[start:end], with the text around it as context."""
    seeds_index = seeds_index[0]
    ans = seeds_index.ask("Which two Japanese parties sent lawmakers to Beijing?")
    assert ans.quotes
    for q in ans.quotes:
        doc = seeds_index.document(q.doc_id)
        assert doc.text[q.start : q.end] == q.text
        assert doc.text[q.start - len(q.before) : q.start] == q.before
        assert doc.text[q.end : q.end + len(q.after)] == q.after
        if q.span is not None:
            assert q.start <= q.span.start < q.span.end <= q.end and q.span.doc_id == q.doc_id
            assert doc.text[q.span.start : q.span.end] == q.span.text
    assert ans.found and ans.span is not None
    assert seeds_index.document(ans.span.doc_id).text[ans.span.start : ans.span.end] == ans.text
    assert len({q.text for q in ans.quotes}) == len(ans.quotes)


def test_seeds_dev_answers_and_abstentions(seeds_index, seeds_dev):
    """The bar: answerable seeds questions are answered, each top quote holding a gold answer and its
    short answer inside that quote; unanswerable ones abstain. Known edge (issue 13): d03 ("after how
    many years") sits on the edge of the threshold that abstains on out-of-corpus questions (0.146 against
    0.141 with the fourth-epoch reader; 0.147 against 0.145 with the third), so it may abstain; no other may."""
    seeds_index = seeds_index[0]
    abstained = []
    for q in seeds_dev:
        ans = seeds_index.ask(q["question"])
        if q["answers"]:
            if not ans.found:
                abstained.append(q["id"])
                continue
            assert contains_answer(ans.quotes[0].text, q["answers"]), (q["id"], ans.quotes[0].text)
            assert ans.span == ans.quotes[0].span and ans.text in ans.quotes[0].text
            assert ans.quotes[0].doc_id == q["doc"]
        else:
            assert not ans.found, f"{q['id']} answered with confidence {ans.confidence:.3f}"
    assert abstained in ([], ["d03"]), abstained


def test_cli_ask_prints_quote_and_source_or_says_no(seeds_index, capsys):
    """Protects `rag ask`: the quote with its document and offsets, or a plain 'do not answer'."""
    path = str(seeds_index[2])
    assert (
        cli(["ask", "Who is the head of the Chinese Communist Party's International Department?", "--index", path]) == 0
    )
    out = capsys.readouterr().out
    assert "Liu Jianchao" in out and "000_e8739d526ffc8ecb.txt [" in out
    assert cli(["ask", "What is the capital of Australia?", "--index", path]) == 0
    assert "do not answer" in capsys.readouterr().out
    assert cli(["ask", "Who leads the International Department?", "--index", path, "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert {"found", "quotes", "confidence", "threshold"} <= payload.keys()


def test_ask_many_gives_the_answers_ask_gives(seeds_index, seeds_dev):
    """Protects the batch path: same quotes, spans and decisions as asking one question at a time."""
    index = seeds_index[0]
    questions = [q["question"] for q in seeds_dev]
    many = index.ask_many(questions)
    assert [a.question for a in many] == questions
    for a in many:
        one = index.ask(a.question)
        assert a.found == one.found, a.question
        assert [(q.doc_id, q.start, q.end) for q in a.quotes] == [(q.doc_id, q.start, q.end) for q in one.quotes]
        if a.found:
            assert a.quotes[0].span == one.quotes[0].span and (a.text, a.span) == (one.text, one.span)
        assert a.confidence == pytest.approx(one.confidence, abs=0.02)
        assert set(a.timings_ms) >= {"embed", "reader"}
    assert index.ask_many([]) == []


CROSS_PASSAGE = {
    "freedonia-debate.txt": "Freedonia capital debate\n\nMembers of the Freedonia parliament argue every year "
    "about whether the capital of Freedonia should move. The debate about the capital has no end in sight.",
    "lakeport.txt": "Lakeport\n\nLakeport is a harbour town on the northern lake of Freedonia. It has been the "
    "capital since 1921, and the parliament meets in the old customs house.",
    "orchards.txt": "Orchards\n\nThe southern valleys grow apples and pears. Harvest festivals are held in October.",
}


def test_the_answer_can_come_from_a_passage_below_the_first(tmp_path, embedder, write_files):
    """Protects reader-first answers across passages: the passage ranked first restates the question
    but holds no answer; the answer is the span in a passage further down, quoted with its sentence.
    (Ranking, not abstention: the threshold is 0 here; abstention has its own tests.)"""
    from rag.index import Index

    index = Index.open(tmp_path / "index", embedder=embedder)
    index.add([write_files(tmp_path / "docs", CROSS_PASSAGE)])
    ans = index.ask("What is the capital of Freedonia?", threshold=0.0)
    assert ans.hits[0].doc_id == "freedonia-debate.txt"  # retrieval puts the restatement first
    assert ans.found and ans.text == "Lakeport" and ans.span is not None
    assert ans.span.doc_id == "lakeport.txt"
    assert index.document("lakeport.txt").text[ans.span.start : ans.span.end] == "Lakeport"
    assert "harbour town" in ans.quotes[0].text and ans.quotes[0].span == ans.span


def test_a_passage_dense_search_did_not_rank_gets_the_cosine_it_would_have(tmp_path, embedder, write_files):
    """Protects the answer's passage_cosine: a passage BM25 alone found (no dense score) is weighed by its real
    cosine with the question, the one dense search gives it, not by 0 (which read a right passage as off-topic and
    abstained: "Which command shrinks it?" over SQLite's FAQ); a passage with a dense score keeps it."""
    from rag.answer.cosines import passage_cosines
    from rag.index import Index

    index = Index.open(tmp_path / "index", embedder=embedder)
    index.add([write_files(tmp_path / "docs", CROSS_PASSAGE)])
    question = "What is the capital of Freedonia?"
    dense = index.search(question, k=3, mode="dense")
    vector = embedder.encode([question])[0]
    bare = [h.model_copy(update={"retrievers": {}}) for h in dense]  # as if BM25 alone had found them
    prefix = index.build_settings.title_prefix
    got = passage_cosines(bare, vector, embedder, prefix)
    np.testing.assert_allclose(got, [h.retrievers["dense"].score for h in dense], atol=1e-4)
    assert passage_cosines(dense[:1] + bare[1:2], vector, embedder, prefix)[0] == dense[0].retrievers["dense"].score
    assert passage_cosines(bare, None, embedder, prefix) == [0.0] * len(bare)  # no question vector: nothing to weigh


def test_a_question_the_corpus_cannot_answer_abstains(seeds_index):
    """Protects abstention: nothing in the seeds says when the Eiffel Tower was built, so rag says so."""
    ans = seeds_index[0].ask("In which year was the Eiffel Tower completed?")
    assert not ans.found and ans.text == "" and ans.span is None
    assert ans.confidence < ans.threshold
