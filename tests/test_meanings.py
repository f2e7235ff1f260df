"""A question asking what a number means is answered by the sentence saying what that number means."""

from __future__ import annotations

from records import described_on, doc, hit

from rag.answer.meanings import meaning_answer

# GNU Diffutils 3.8's manual (GFDL), Invoking-cmp.html as rag reads it. The reader had abstained on "What does an exit
# status of 2 mean for diff?", quoting the contents' "2 diff Output Formats".
EXIT = (
    "The cmp command compares two files. An exit status of 0 means no differences were found, 1 means some "
    "differences were found, and 2 means trouble.\n\nThe default is 2 bytes; 3 is odd."
)


def _means(question: str) -> tuple[str, str] | None:
    return described_on(meaning_answer, EXIT, "Invoking-cmp", question)


def test_what_a_sentence_says_the_number_asked_means_answers():
    quote = (
        "An exit status of 0 means no differences were found, 1 means some differences were found, and 2 means trouble."
    )
    assert _means("What does an exit status of 2 mean for diff?") == ("trouble", quote)
    assert _means("What does exit status 1 mean?") == ("some differences were found", quote)  # up to ", and"
    assert _means("What does an exit status of 0 mean?")[0] == "no differences were found"


def test_no_answer_for_a_number_no_sentence_gives_a_meaning_or_another_question():
    assert _means("What does an exit status of 3 mean?") is None  # named, but said to mean nothing
    assert _means("What does an exit status of 4 mean?") is None
    assert _means("What is exit status 2?") is None  # asks no meaning
    assert _means("What do exit statuses 1 and 2 mean?") is None  # two numbers: which one is asked?


def test_of_sentences_giving_the_number_a_meaning_the_one_with_the_question_s_words_answers():
    """cachelib 0.9's file.html (BSD-3-Clause): "A threshold value of 0 indicates no threshold." beside the
    timeout's; the reader had abstained on the threshold's, quoting it (0.25)."""
    text = (
        "default_timeout (int) – A timeout of 0 indicates that the cache never expires.\n\n"
        "threshold (int) – the maximum number of items. A threshold value of 0 indicates no threshold."
    )
    d = doc(text, "file", suffix=".html")
    said = meaning_answer("What does a threshold value of 0 indicate for FileSystemCache?", [(hit(d), d)])
    assert said is not None and text[said.start : said.end] == "no threshold"
    said = meaning_answer("What does a timeout of 0 indicate?", [(hit(d), d)])
    assert said is not None and text[said.start : said.end] == "that the cache never expires"


def test_a_constant_s_meaning_answers_before_the_entry_s_description():
    """Celery 5.2's tasks.html (BSD-3-Clause): "What does a max_retries value of None mean?" had been answered with
    the entry's first sentence, "Maximum number of retries before giving up"."""
    from rag.answer.described import described_answer
    from rag.embed.model import known_words

    text = (
        "Task.max_retries\nA number. Maximum number of retries before giving up. A value of None means task will "
        "retry forever. By default, this option is set to 3."
    )
    d = doc(text, "tasks", suffix=".html")
    said = described_answer("What does a max_retries value of None mean?", [(hit(d), d)], known_words())
    assert said is not None and text[said.start : said.end] == "task will retry forever"
    assert meaning_answer("What does a max_retries value of Nonesuch mean?", [(hit(d), d)]) is None


def test_a_list_s_arrow_says_what_the_number_means():
    """doit 0.36's cmd_run.html (MIT): its exit codes as "N => meaning" lines; the reader had abstained (0.04)."""
    text = (
        "doit process returns:\n\n0 => all tasks executed successfully\n1 => task failed\n2 => error executing task\n"
        "3 => error before task execution starts\n(in this case the reporter is not used)"
    )
    said = described_on(meaning_answer, text, "cmd_run", "What does exit code 3 mean?")
    assert said is not None and said[0] == "error before task execution starts"
    said = described_on(meaning_answer, text, "cmd_run", "What does exit code 1 mean?")
    assert said is not None and said[0] == "task failed"


def test_zero_and_an_aside_before_means_are_read():
    """doit 0.36's cmd_run.html (MIT): the reader had answered "line-buffered, positive integers" (0.42)."""
    text = "The value zero (the default) means line-buffered, positive integers are the number of bytes to be read."
    said = described_on(meaning_answer, text, "cmd_run", "What does the value zero of the buffering parameter mean?")
    assert said is not None and said[0] == "line-buffered"
