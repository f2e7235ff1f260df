"""A default stated by a class attribute's line answers for the default its name says."""

from __future__ import annotations

from records import doc, hit

from rag.answer.attributes import attribute_default

# Kombu 5.2's kombu.transport.SQS.html as rag reads it (BSD-3-Clause): Sphinx lists the Channel's attributes, each
# "name = value"; the reader had answered "queue" of prose about visibility timeouts, and abstained on the region.
SQS = (
    "class Channel(*args, **kwargs)\nSQS Channel.\n\nproperty conninfo\n\ndefault_region = 'us-east-1'\n\n"
    "default_visibility_timeout = 1800\n\ndefault_wait_time_seconds = 10\n\ndomain_format = 'kombu%(vhost)s'\n\n"
    "drain_events(timeout=None, callback=None, **kwargs)\nReturn a single payload message."
)


def _default(question: str, text: str = SQS) -> tuple[str, str] | None:
    d = doc(text, "kombu.transport.SQS", suffix=".html")
    said = attribute_default(question, [(hit(d), d)])
    return None if said is None else (text[said.start : said.end], text[said.quote_start : said.quote_end])


def test_the_attribute_named_for_the_default_asked_gives_its_value():
    assert _default("What is the default SQS visibility timeout?") == ("1800", "default_visibility_timeout = 1800")
    assert _default("What is the default SQS region?") == ("'us-east-1'", "default_region = 'us-east-1'")
    assert _default("What is the default wait time in seconds?") == ("10", "default_wait_time_seconds = 10")


def test_no_answer_unless_a_default_is_asked_by_every_word_of_an_attribute_s_name():
    assert _default("What is the SQS region?") is None  # no default asked
    assert _default("What is the default timeout?") is None  # "visibility" unsaid: another timeout, maybe
    assert _default("What is the default domain format?") is None  # no attribute named for a default
    indented = "    DEFAULT_PORT = 5672\n"
    assert _default("What is the default port?", indented) == ("5672", "DEFAULT_PORT = 5672")


# Bottle 0.12's api.html as rag reads it (MIT): BaseRequest's attribute line, its description under it; the reader
# had answered "BytesIO buffer" of the tutorial's sentence naming the setting.
BOTTLE = (
    "MEMFILE_MAX = 102400\nMaximum size of memory buffer for body in bytes.\n\nenviron\nThe wrapped WSGI environ.\n\n"
    ">>> limit = 4096\n>>> app.run()\n"
)


def test_the_attribute_the_question_names_gives_its_value_when_described_below():
    asked = "What is the default value of BaseRequest.MEMFILE_MAX?"
    assert _default(asked, BOTTLE) == ("102400", "MEMFILE_MAX = 102400")
    assert _default("What is the MEMFILE_MAX?", BOTTLE) is None  # no default asked
    code = "limit = 4096\napp.run()\n"  # a line of code, no term line: no default
    assert _default("What is the default of limit_max?", code.replace("limit", "limit_max")) is None
