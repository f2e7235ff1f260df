"""The package's shape: only `rag` ships, its stages import each other without cycles, files stay short."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PACKAGE = REPO / "rag"


def module_name(path: Path) -> str:
    parts = path.relative_to(REPO).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def imports_of(path: Path, known: set[str]) -> set[str]:
    """Modules of `known` (and top-level names outside rag) that `path` imports anywhere, lazily too."""
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for a in node.names:  # `from rag.x import y` imports module rag.x.y when there is one
                sub = f"{node.module}.{a.name}"
                out.add(sub if sub in known else node.module)
    return out


def import_graph() -> dict[str, set[str]]:
    mods = modules()
    known = set(mods)
    # `rag` itself is every module's parent package (it only sets the environment): not an edge.
    return {m: {i for i in imports_of(p, known) if i in known and i not in (m, "rag")} for m, p in mods.items()}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle as a list of modules (first repeated last), or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    stack: list[str] = []

    def visit(m: str) -> list[str] | None:
        state[m] = 1
        stack.append(m)
        for n in sorted(graph.get(m, ())):
            if state.get(n) == 1:
                return stack[stack.index(n) :] + [n]
            if n not in state and (found := visit(n)):
                return found
        stack.pop()
        state[m] = 2
        return None

    for m in sorted(graph):
        if m not in state and (found := visit(m)):
            return found
    return None


def test_the_cycle_finder_finds_a_cycle():
    """Protects the check below from passing vacuously."""
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set(), "c": {"a", "b"}}) is None


def test_no_import_cycles_in_rag():
    """Protects the layered pipeline: no two modules of rag import each other, even through others."""
    graph = import_graph()
    assert len(graph) > 30  # the walk saw the package
    assert find_cycle(graph) is None, " -> ".join(find_cycle(graph) or [])


def test_rag_never_imports_the_research_scripts():
    """Protects shipping only rag: nothing in it imports eval/, which is not installed."""
    mods = modules()
    offenders = {m for m, p in mods.items() for i in imports_of(p, set(mods)) if i == "eval" or i.startswith("eval.")}
    assert not offenders


def test_settings_and_models_are_leaves():
    """Protects the records and settings from depending on the stages that use them."""
    graph = import_graph()
    assert graph["rag.models"] == set()
    assert graph["rag.settings"] == set()
    assert graph["rag.errors"] == set()


def test_files_stay_short():
    """Protects readability: the Index is a thin facade, and no module of rag does many jobs at once."""
    sizes = {m: len(p.read_text(encoding="utf-8").splitlines()) for m, p in modules().items()}
    assert sizes["rag.index"] <= 250
    assert {m: n for m, n in sizes.items() if n > 300} == {}


def test_every_module_says_what_it_does():
    """Protects the one-line module docstring that tells a newcomer each file's job."""
    missing = [m for m, p in modules().items() if not ast.get_docstring(ast.parse(p.read_text(encoding="utf-8")))]
    assert missing == []


def test_the_wheel_holds_only_rag(tmp_path):
    """Protects users' site-packages: the built distribution's top level is `rag` alone, weights included."""
    src = tmp_path / "src"  # a copy, so the build leaves nothing in the checkout
    shutil.copytree(
        REPO,
        src,
        ignore=shutil.ignore_patterns(
            ".git", "index", ".cache", "runs", "build", "*.egg-info", "__pycache__", "results"
        ),
    )
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
            str(src),
        ],
        check=True,
        cwd=tmp_path,
    )
    wheel = next(tmp_path.glob("rag-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert {n.split("/")[0] for n in names if not n.startswith("rag-")} == {"rag"}
    assert "rag/answer/reader/weights/reader.safetensors" in names and "rag/fitted.json" in names


def test_the_command_line_starts_without_the_heavy_libraries():
    """Protects a fast `rag --help`: importing the CLI loads neither faiss, torch, transformers nor gradio."""
    code = "import sys, rag.ui.cli; print(sorted(m for m in ('faiss', 'torch', 'transformers', 'gradio') if m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_the_public_api_is_exported():
    """Protects `from rag import ...` for what users use: the Index, records, settings, errors and the embedder."""
    import rag

    for name in rag.__all__:
        assert getattr(rag, name) is not None, name
    assert {"Index", "Answer", "Quote", "Hit", "RagError", "SearchSettings", "load_embedder"} <= set(rag.__all__)
