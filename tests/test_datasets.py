"""Tests for rag.evaluation.datasets: our JSONL, SQuAD and BEIR readers, their errors, and the real data."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from rag.evaluation.datasets import (
    Dataset,
    DatasetError,
    Question,
    load_beir,
    load_dataset,
    load_jsonl,
    load_squad,
    split_articles,
)

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
DATA = SHARED / "data"
SQUAD = DATA / "squad"
SCIFACT = DATA / "scifact"
SEEDS_DEV = SHARED / "eval" / "seeds_dev.jsonl"


def write_lines(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# ---------------------------------------------------------------- our JSONL


def test_jsonl_happy_path(tmp_path: Path) -> None:
    path = write_lines(
        tmp_path / "qs.jsonl",
        [
            json.dumps({"id": "a", "question": "Who?", "answers": ["Liu", "Liu"], "doc": "x.txt"}),
            "",
            "   ",
            json.dumps({"question": "Capital of Mars?", "answers": [], "doc": None}),
            json.dumps({"id": "c", "question": "When?", "answers": ["1999"]}),
        ],
    )
    ds = load_jsonl(path)
    assert ds.name == "qs"
    assert ds.documents is None
    assert ds.questions == [
        Question(id="a", question="Who?", answers=["Liu"], relevant={"x.txt": 1}),
        Question(id="q4", question="Capital of Mars?", answers=[], relevant={}),
        Question(id="c", question="When?", answers=["1999"], relevant={}),
    ]
    assert [q.answerable for q in ds.questions] == [True, False, True]
    assert load_dataset(path) == ds


@pytest.mark.parametrize(
    ("bad_line", "problem"),
    [
        ('{"id": "b", "question": "Why?", "answers": [}', "invalid JSON"),
        ('["not", "an", "object"]', "not an object"),
        ('{"id": "b", "answers": ["x"]}', 'missing "question"'),
        ('{"id": "b", "question": "  ", "answers": ["x"]}', '"question" must be a non-empty string'),
        ('{"id": "b", "question": "Why?"}', '"answers" must be a list of strings'),
        ('{"id": "b", "question": "Why?", "answers": "x"}', '"answers" must be a list of strings'),
        ('{"id": "b", "question": "Why?", "answers": ["x", 3]}', '"answers" must be a list of strings'),
        ('{"id": "b", "question": "Why?", "answers": [""]}', "empty string"),
        ('{"id": "b", "question": "Why?", "answers": [], "doc": 7}', '"doc" must be a string'),
        ('{"id": 5, "question": "Why?", "answers": []}', '"id" must be a non-empty string'),
        ('{"id": "a", "question": "Why?", "answers": []}', "duplicate id 'a' (first on line 1)"),
    ],
)
def test_jsonl_malformed_line_names_file_line_and_problem(tmp_path: Path, bad_line: str, problem: str) -> None:
    good = json.dumps({"id": "a", "question": "Who?", "answers": ["Liu"], "doc": "x.txt"})
    path = write_lines(tmp_path / "bad.jsonl", [good, "", bad_line])
    with pytest.raises(DatasetError) as err:
        load_jsonl(path)
    message = str(err.value)
    assert message.startswith(f"{path}:3: ")
    assert problem in message


def test_jsonl_default_id_collision_is_a_duplicate(tmp_path: Path) -> None:
    path = write_lines(
        tmp_path / "q.jsonl",
        [json.dumps({"id": "q2", "question": "A?", "answers": []}), json.dumps({"question": "B?", "answers": []})],
    )
    with pytest.raises(DatasetError, match=r":2: duplicate id 'q2'"):
        load_jsonl(path)


# ---------------------------------------------------------------- SQuAD


def tiny_squad() -> dict:
    """Two articles in v2.0 shape: one impossible question, repeated answers."""
    return {
        "version": "v2.0",
        "data": [
            {
                "title": "Super_Bowl_50",
                "paragraphs": [
                    {
                        "context": "Super Bowl 50 was won by the Denver Broncos.",
                        "qas": [
                            {
                                "id": "s1",
                                "question": "Who won Super Bowl 50?",
                                "answers": [
                                    {"text": "Denver Broncos", "answer_start": 29},
                                    {"text": "the Denver Broncos", "answer_start": 25},
                                    {"text": "Denver Broncos", "answer_start": 29},
                                ],
                                "is_impossible": False,
                            }
                        ],
                    },
                    {
                        "context": "The game was played in Santa Clara — café.",
                        "qas": [
                            {"id": "s2", "question": "Who lost Super Bowl 49?", "answers": [], "is_impossible": True}
                        ],
                    },
                ],
            },
            {
                "title": "Normans",
                "paragraphs": [
                    {
                        "context": "The Normans gave their name to Normandy.",
                        "qas": [
                            {
                                "id": "n1",
                                "question": "Who gave their name to Normandy?",
                                "answers": [{"text": "The Normans", "answer_start": 0}],
                            }
                        ],
                    }
                ],
            },
        ],
    }


@pytest.fixture
def squad_file(tmp_path: Path) -> Path:
    path = tmp_path / "tiny-v2.0.json"
    path.write_text(json.dumps(tiny_squad(), ensure_ascii=False), encoding="utf-8")
    return path


def test_squad_documents_are_all_paragraphs(squad_file: Path) -> None:
    ds = load_squad(squad_file)
    assert ds.name == "tiny-v2.0"
    assert ds.documents is not None
    assert [d.id for d in ds.documents] == ["Super_Bowl_50#0", "Super_Bowl_50#1", "Normans#0"]
    doc = ds.documents[1]
    assert doc.title == "Super Bowl 50"
    assert doc.source == "squad:tiny-v2.0.json"
    assert doc.text == "The game was played in Santa Clara — café."
    assert doc.sha256 == sha(doc.text)


def test_squad_questions_answers_and_gold_paragraphs(squad_file: Path) -> None:
    ds = load_squad(squad_file)
    assert ds.questions == [
        Question(
            id="s1",
            question="Who won Super Bowl 50?",
            answers=["Denver Broncos", "the Denver Broncos"],
            relevant={"Super_Bowl_50#0": 1},
        ),
        Question(id="s2", question="Who lost Super Bowl 49?", answers=[], relevant={"Super_Bowl_50#1": 1}),
        Question(
            id="n1", question="Who gave their name to Normandy?", answers=["The Normans"], relevant={"Normans#0": 1}
        ),
    ]
    assert load_dataset(squad_file) == ds


def test_squad_article_filter_keeps_the_whole_corpus(squad_file: Path) -> None:
    ds = load_squad(squad_file, articles=["Normans"])
    assert [q.id for q in ds.questions] == ["n1"]
    assert ds.documents is not None and len(ds.documents) == 3
    assert load_dataset(squad_file, articles=["Normans"]) == ds
    assert load_squad(squad_file, articles=[]).questions == []


def test_squad_unknown_article_is_an_error_listing_it(squad_file: Path) -> None:
    with pytest.raises(DatasetError) as err:
        load_squad(squad_file, articles=["Normans", "Normandy", "Tesla"])
    message = str(err.value)
    assert str(squad_file) in message
    assert "['Normandy', 'Tesla']" in message
    ds = load_squad(squad_file, articles=["Normans", "Tesla"], skip_missing=True)
    assert [q.id for q in ds.questions] == ["n1"]


def test_squad_malformed(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{"data": [\n  {"title": "X",\n', encoding="utf-8")
    with pytest.raises(DatasetError, match=r"broken\.json:3: invalid JSON"):
        load_squad(path)
    path.write_text(json.dumps({"data": [{"title": "X", "paragraphs": [{"qas": []}]}]}))
    with pytest.raises(DatasetError, match="not SQuAD"):
        load_squad(path)
    path.write_text(json.dumps({"version": "1.1"}))
    with pytest.raises(DatasetError, match='"data"'):
        load_squad(path)


def test_split_articles(tmp_path: Path) -> None:
    path = tmp_path / "split.json"
    path.write_text(json.dumps({"rule": "x", "train": ["A", "B"], "test": ["C"]}))
    assert split_articles(path, "train") == ["A", "B"]
    assert split_articles(path, "test") == ["C"]
    with pytest.raises(DatasetError, match="train"):
        split_articles(path, "dev")


# ---------------------------------------------------------------- BEIR


@pytest.fixture
def beir_folder(tmp_path: Path) -> Path:
    root = tmp_path / "tinybeir"
    (root / "qrels").mkdir(parents=True)
    write_lines(
        root / "corpus.jsonl",
        [
            json.dumps({"_id": "d1", "title": "First", "text": "Alpha beta.", "metadata": {}}),
            json.dumps({"_id": "d2", "title": "", "text": "Gamma delta."}),
            json.dumps({"_id": "d3", "text": "Epsilon."}),
        ],
    )
    write_lines(
        root / "queries.jsonl",
        [
            json.dumps({"_id": "1", "text": "alpha?"}),
            json.dumps({"_id": "2", "text": "gamma?"}),
            json.dumps({"_id": "3", "text": "unjudged?"}),
            json.dumps({"_id": "4", "text": "only non-relevant?"}),
        ],
    )
    write_lines(
        root / "qrels" / "test.tsv", ["query-id\tcorpus-id\tscore", "2\td2\t2", "1\td1\t1", "2\td3\t1", "4\td1\t0"]
    )
    write_lines(root / "qrels" / "train.tsv", ["3\td3\t1"])
    return root


def test_beir_reads_corpus_queries_and_qrels(beir_folder: Path) -> None:
    ds = load_beir(beir_folder)
    assert ds.name == "tinybeir"
    assert ds.documents is not None
    assert [(d.id, d.title, d.text) for d in ds.documents] == [
        ("d1", "First", "Alpha beta."),
        ("d2", "d2", "Gamma delta."),
        ("d3", "d3", "Epsilon."),
    ]
    assert all(d.source == "beir:tinybeir" and d.sha256 == sha(d.text) for d in ds.documents)
    assert ds.questions == [
        Question(id="2", question="gamma?", answers=[], relevant={"d2": 2, "d3": 1}),
        Question(id="1", question="alpha?", answers=[], relevant={"d1": 1}),
    ]
    assert load_dataset(beir_folder) == ds
    assert [q.id for q in load_dataset(beir_folder, qrels="train").questions] == ["3"]


def test_beir_missing_split_lists_the_available_ones(beir_folder: Path) -> None:
    with pytest.raises(DatasetError, match=r"available splits: \['test', 'train'\]"):
        load_beir(beir_folder, qrels="dev")


@pytest.mark.parametrize(
    ("file", "bad_line", "problem"),
    [
        ("corpus.jsonl", '{"_id": "d9", "text": 3}', '"text" must be a string'),
        ("corpus.jsonl", '{"title": "x", "text": "y"}', '"_id" must be a non-empty string'),
        ("corpus.jsonl", '{"_id": "d1", "text": "again"}', "duplicate _id 'd1'"),
        ("corpus.jsonl", "{oops", "invalid JSON"),
        ("queries.jsonl", '{"_id": "9"}', '"text" must be a non-empty string'),
        ("queries.jsonl", "42", "not a JSON object"),
        ("qrels/test.tsv", "1\td1", "2 tab-separated fields"),
        ("qrels/test.tsv", "1\td1\thigh", "score 'high' is not an integer"),
        ("qrels/test.tsv", "77\td1\t1", "query-id '77' is not in queries.jsonl"),
    ],
)
def test_beir_malformed_line_names_file_and_line(beir_folder: Path, file: str, bad_line: str, problem: str) -> None:
    path = beir_folder / file
    lines = path.read_text(encoding="utf-8").splitlines()
    write_lines(path, [*lines, bad_line])
    with pytest.raises(DatasetError) as err:
        load_beir(beir_folder)
    message = str(err.value)
    assert message.startswith(f"{path}:{len(lines) + 1}: ")
    assert problem in message


# ---------------------------------------------------------------- dispatch


def test_load_dataset_rejects_other_inputs(tmp_path: Path) -> None:
    (tmp_path / "notes.csv").write_text("a,b\n")
    (tmp_path / "list.json").write_text("[1, 2]")
    (tmp_path / "empty_folder").mkdir()
    for path in ["notes.csv", "list.json", "empty_folder", "missing.jsonl"]:
        with pytest.raises(DatasetError) as err:
            load_dataset(tmp_path / path)
        message = str(err.value)
        assert str(tmp_path / path) in message
        assert "SQuAD" in message and "BEIR" in message and ".jsonl" in message


# ---------------------------------------------------------------- the real data


def needs(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path} is absent (no ../shared on this machine)")
    return path


def answerable_count(ds: Dataset) -> int:
    return sum(1 for q in ds.questions if q.answers)


def test_real_squad_v11_dev() -> None:
    ds = load_dataset(needs(SQUAD / "dev-v1.1.json"))
    assert ds.documents is not None and len(ds.documents) == 2067
    assert len(ds.questions) == 10570
    assert answerable_count(ds) == 10570
    ids = {d.id for d in ds.documents}
    assert all(set(q.relevant) <= ids and len(q.relevant) == 1 for q in ds.questions)


def test_real_squad_v11_train_articles() -> None:
    train = split_articles(needs(SQUAD / "split.json"), "train")
    test = split_articles(SQUAD / "split.json", "test")
    assert (len(train), len(test)) == (36, 12)
    assert not set(train) & set(test)
    ds = load_squad(needs(SQUAD / "dev-v1.1.json"), articles=train)
    assert len(ds.questions) == 7673
    assert ds.documents is not None and len(ds.documents) == 2067


def test_real_squad_v20_train_articles() -> None:
    train = split_articles(needs(SQUAD / "split.json"), "train")
    path = needs(SQUAD / "dev-v2.0.json")
    # split.json lists v1.1's 48 articles; v2.0 dev holds 35 of them.
    with pytest.raises(DatasetError, match="Doctor_Who"):
        load_squad(path, articles=train)
    ds = load_dataset(path, articles=train, skip_missing=True)
    assert len(ds.questions) == 9248
    assert len(ds.questions) - answerable_count(ds) == 4615
    assert ds.documents is not None and len(ds.documents) == 1204


def test_real_scifact() -> None:
    folder = needs(SCIFACT)
    test = load_dataset(folder)
    assert test.documents is not None and len(test.documents) == 5183
    assert len(test.questions) == 300
    assert sum(len(q.relevant) for q in test.questions) == 339
    assert all(not q.answers and q.relevant for q in test.questions)
    train = load_beir(folder, qrels="train")
    assert len(train.questions) == 809


def test_real_seeds_dev() -> None:
    ds = load_dataset(needs(SEEDS_DEV))
    assert ds.documents is None
    assert len(ds.questions) == 12
    assert len(ds.questions) - answerable_count(ds) == 2
    assert all(q.relevant == {} for q in ds.questions if not q.answers)
