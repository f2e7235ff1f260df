"""How much of what rag indexes from a folder of HTML pages is page chrome (navigation, footers, banners).

    python -m eval.boilerplate /usr/share/doc/git-doc /usr/share/doc/python3.11/html/library \
        --baseline 4ee8c8e --trafilatura --out eval/results/boilerplate

Each page is read by an extractor and cut into passages by rag's chunker. A line of extracted text is
chrome when it is one of the phrases documentation sites put around every page ("Previous topic",
"Show Source", "© Copyright ...", "Created using ...", "Last updated ...") or when the same line comes
out of at least 3 pages and 2% of the folder's pages and is at most 60 characters long (site names,
navigation links, breadcrumbs, footers; a long repeated line is content a manual includes in many pages).
A passage is *mostly chrome* when more than half of its characters lie in chrome lines. Measured for
today's extractor and, optionally, for rag at an earlier commit (`--baseline`) and for trafilatura.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path

CHROME = re.compile(
    r"^(previous topic|next topic|previous|next|this page|navigation|quick search|table of contents|"
    r"report a bug|show source|index|modules|theme|go|search|contents|home|up|prev|"
    r"(©|copyright|created using|last updated|built with|powered by|found a bug)\b.*)$",
    re.I,
)
Extractor = Callable[[str], str]


def lines_of(text: str) -> list[str]:
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def chrome_lines(texts: list[str], min_pages: int = 3, min_share: float = 0.02, longest: int = 60) -> set[str]:
    """Short lines (links, labels) that come out of many pages of the folder, or match a known chrome
    phrase. Long repeated lines are shared content (a manual's included option descriptions), not chrome."""
    counts = Counter(line for text in texts for line in set(lines_of(text)))
    need = max(min_pages, min_share * len(texts))
    return {line for line, n in counts.items() if (n >= need and len(line) <= longest) or CHROME.match(line)}


def chrome_share(passage: str, chrome: set[str]) -> float:
    """Share of a passage's non-space characters that lie in chrome lines."""
    lines = lines_of(passage)
    total = sum(len(line) for line in lines)
    bad = sum(len(line) for line in lines if line in chrome or CHROME.match(line))
    return bad / total if total else 0.0


def measure(pages: list[Path], extract: Extractor, tokenizer) -> dict:
    from rag.ingest.chunks import chunk_document
    from rag.models import Document

    texts = [extract(p.read_text(encoding="utf-8", errors="replace")) for p in pages]
    chrome = chrome_lines(texts)
    passages, mostly, chars, chrome_chars, examples = 0, 0, 0, 0, []
    for page, text in zip(pages, texts):
        doc = Document(id=page.name, title=page.name, source=str(page), sha256="-", text=text)
        for span in chunk_document(doc, tokenizer):
            passage = text[span.start : span.end]
            share = chrome_share(passage, chrome)
            passages += 1
            mostly += share > 0.5
            if share > 0.5 and len(examples) < 5:
                examples.append({"page": page.name, "passage": passage[:300]})
        for line in lines_of(text):
            chars += len(line)
            chrome_chars += len(line) * (line in chrome or bool(CHROME.match(line)))
    return {
        "pages": len(pages),
        "passages": passages,
        "mostly_chrome": mostly,
        "mostly_chrome_share": mostly / passages if passages else 0.0,
        "chrome_text_share": chrome_chars / chars if chars else 0.0,
        "pilcrows": sum(text.count("¶") for text in texts),  # Sphinx's header links left in the text
        "indented_lines": sum(line.startswith("    ") for text in texts for line in text.splitlines()),  # code
        "table_rows": sum(" | " in line for text in texts for line in text.splitlines()),
        "examples": examples,
    }


def today() -> Extractor:
    from rag.ingest.html import html_text

    return lambda html: html_text(html)[0]


def baseline(commit: str) -> Extractor:
    """rag's HTML extraction as of `commit` (its rag/ingest/readers.py, loaded beside today's package)."""
    source = subprocess.run(
        ["git", "show", f"{commit}:rag/ingest/readers.py"], capture_output=True, text=True, check=True
    ).stdout
    path = Path(tempfile.mkdtemp()) / "readers_baseline.py"
    path.write_text(source)
    spec = importlib.util.spec_from_file_location("readers_baseline", path)
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return lambda html: module.html_text(html)[0]


def trafilatura_extractor() -> Extractor:
    import trafilatura

    return lambda html: trafilatura.extract(html, include_tables=True, favor_recall=True) or ""


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m eval.boilerplate", description=__doc__.split("\n\n")[0])
    ap.add_argument("folders", nargs="+", help="folders of HTML pages (each measured on its own, not recursive)")
    ap.add_argument("--baseline", help="also measure rag's extraction at this git commit")
    ap.add_argument("--trafilatura", action="store_true", help="also measure trafilatura (if installed)")
    ap.add_argument("--out", default="eval/results/boilerplate")
    args = ap.parse_args(argv)

    from rag.embed.model import load_tokenizer

    tokenizer = load_tokenizer()
    extractors = {"rag": today()}
    if args.baseline:
        extractors[f"rag@{args.baseline}"] = baseline(args.baseline)
    if args.trafilatura:
        extractors["trafilatura"] = trafilatura_extractor()
    results = {"command": "python -m eval.boilerplate " + " ".join(argv or sys.argv[1:]), "folders": {}}
    for folder in map(Path, args.folders):
        pages = sorted(folder.glob("*.html"))
        results["folders"][str(folder)] = {name: measure(pages, ex, tokenizer) for name, ex in extractors.items()}
        for name, r in results["folders"][str(folder)].items():
            print(
                f"{folder} [{name}]: {r['pages']} pages, {r['passages']} passages, "
                f"{r['mostly_chrome']} mostly chrome ({r['mostly_chrome_share']:.1%}), "
                f"chrome {r['chrome_text_share']:.1%} of text; {r['pilcrows']} ¶, "
                f"{r['indented_lines']} indented lines, {r['table_rows']} lines with ' | '"
            )
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "boilerplate.json").write_text(json.dumps(results, indent=1, ensure_ascii=False))
    print(f"wrote {out / 'boilerplate.json'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
