"""Hand-made records for the answer-stage unit tests: a Document and Hits over it."""

from __future__ import annotations

from rag.models import Document, Hit, RetrieverScore
from rag.settings import AnswerSettings


def doc(text: str, id: str = "d", page_starts: list[int] | None = None, suffix: str = ".txt") -> Document:
    return Document(
        id=id, title=f"Title {id}", source=f"{id}{suffix}", sha256="0" * 64, text=text, page_starts=page_starts or []
    )


def hit(
    d: Document,
    start: int = 0,
    end: int | None = None,
    rank: int = 1,
    dense: float | None = None,
    score: float | None = None,
) -> Hit:
    """A hit over d.text[start:end]; its fused score is `score`, else 1 / rank."""
    end = len(d.text) if end is None else end
    retrievers = {"dense": RetrieverScore(rank=rank, score=dense)} if dense is not None else {}
    return Hit(
        chunk_id=rank,
        doc_id=d.id,
        title=d.title,
        source=d.source,
        text=d.text[start:end],
        start=start,
        end=end,
        score=1.0 / rank if score is None else score,
        rank=rank,
        retrievers=retrievers,
    )


def described_on(answer, text: str, name: str, question: str) -> tuple[str, str] | None:
    """What `answer(question, passages)` (a described answer's finder) gives over one HTML page of `text` read whole:
    the answer's text and its quote's, or None."""
    d = doc(text, name, suffix=".html")
    got = answer(question, [(hit(d), d)])
    return None if got is None else (text[got.start : got.end], text[got.quote_start : got.quote_end])


def span_score_settings() -> AnswerSettings:
    """Settings that rank candidates by their span score alone, answer whatever they find (confidence 0.99),
    widen nothing, and quote up to three: for tests of what `reader_answer` makes of given candidates."""
    return AnswerSettings(
        rank_weights=[1.0] + [0.0] * 8,
        rank_bias=0.0,
        confidence_weights=[0.0] * 4,
        confidence_bias=5.0,
        max_quotes=3,
        relative=0.0,
        widen_margin=0.0,
    )


def table_page(html: str, id: str) -> tuple[Document, Hit, dict[str, tuple[int, int]]]:
    """An HTML page with a table, as rag reads it: its document, a hit over all of it, and where each row keyed by a
    term is (`rows.table_rows`), by its first cell as written ("Key: Esc l", "package: fail2ban")."""
    from rag.answer.rows import table_rows
    from rag.ingest.html import html_text

    text, _ = html_text(f"<html><body>{html}</body></html>")
    d = doc(text, id, suffix=".html")
    rows = {text[a:b].split(" | ")[0]: (a, b) for a, b, _ in table_rows(text, 0, len(text))}
    return d, hit(d), rows


def idf_share(question: str, texts: list[str]):  # -> Callable[[str], float]
    """A text's share of `question`'s idf mass, idf over `texts` (`quotes.question_overlap`)."""
    from rag.answer.quotes import question_overlap
    from rag.retrieve.sparse import SparseIndex

    return question_overlap(question, SparseIndex.from_texts(texts, list(range(len(texts)))))


# Click 8.1's api.html as rag reads it (BSD-3-Clause): click.pause's entry, whose parameter's line states what it
# prints by default, and click.Option's, whose list of parameters runs on far below its "Parameters" label.
CLICK_PAUSE = (
    "click.pause(info=None, err=False)\n"
    "This command stops execution and waits for the user to press any key to continue. This is similar "
    "to the Windows batch “pause” command. If the program is not run through a terminal, this command "
    "will instead do nothing.\n"
    "\n"
    "Changelog\n"
    "\n"
    "New in version 4.0: Added the err parameter.\n"
    "\n"
    "New in version 2.0.\n"
    "\n"
    "Parameters\n"
    "\n"
    'info (Optional[str]) – The message to print before pausing. Defaults to "Press any key to '
    'continue...".\n'
    "\n"
    "err (bool) – if set to message goes to stderr instead of stdout, the same as with echo."
)
CLICK_OPTION = (
    "class click.Option(param_decls=None, show_default=None, prompt=False, confirmation_prompt=False, "
    "prompt_required=True, hide_input=False, is_flag=None, flag_value=None, multiple=False, count=False, "
    "allow_from_autoenv=True, type=None, help=None, hidden=False, show_choices=True, show_envvar=False, "
    "**attrs)\n"
    "Options are usually optional values on the command line and have some extra features that arguments "
    "don’t have.\n"
    "\n"
    "All other parameters are passed onwards to the parameter constructor.\n"
    "\n"
    "Parameters\n"
    "\n"
    "show_default (Optional[Union[bool, str]]) – Show the default value for this option in its help "
    "text. Values are not shown by default, unless Context.show_default is True. If this value is a "
    "string, it shows that string in parentheses instead of the actual value. This is particularly "
    "useful for dynamic options. For single option boolean flags, the default remains hidden if its "
    "value is False.\n"
    "\n"
    "show_envvar (bool) – Controls if an environment variable should be shown on the help page. "
    "Normally, environment variables are not shown.\n"
    "\n"
    "prompt (Union[bool, str]) – If set to True or a non empty string then the user will be prompted for "
    "input. If set to True the prompt will be the option name capitalized.\n"
    "\n"
    "confirmation_prompt (Union[bool, str]) – Prompt a second time to confirm the value if it was "
    "prompted for. Can be set to a string instead of True to customize the message.\n"
    "\n"
    "prompt_required (bool) – If set to False, the user will be prompted for input only when the option "
    "was specified as a flag without a value.\n"
    "\n"
    "hide_input (bool) – If this is True then the input on the prompt will be hidden from the user. This "
    "is useful for password input.\n"
    "\n"
    "is_flag (Optional[bool]) – forces this option to act as a flag. The default is auto detection.\n"
    "\n"
    "flag_value (Optional[Any]) – which value should be used for this flag if it’s enabled. This is set "
    "to a boolean automatically if the option string contains a slash to mark two options.\n"
    "\n"
    "multiple (bool) – if this is set to True then the argument is accepted multiple times and recorded. "
    "This is similar to nargs in how it works but supports arbitrary number of arguments.\n"
    "\n"
    "count (bool) – this flag makes an option increment an integer.\n"
    "\n"
    "allow_from_autoenv (bool) – if this is enabled then the value of this parameter will be pulled from "
    "an environment variable in case a prefix is defined on the context.\n"
    "\n"
    "help (Optional[str]) – the help string.\n"
    "\n"
    "hidden (bool) – hide this option from help outputs."
)
