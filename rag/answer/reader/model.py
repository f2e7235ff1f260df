"""Build the reader network from the packaged MiniLM and save/load its shipped fine-tuned weights."""

from __future__ import annotations

import functools
from pathlib import Path

import rag  # noqa: F401  (hub offline before transformers loads)
from rag.embed.model import model_path

WEIGHTS = Path(__file__).with_name("weights") / "reader.safetensors"
# Reused from the installed embedder package instead of shipped: frozen during training.
REUSED = ("bert.embeddings.word_embeddings.weight",)


def base_model():
    """all-MiniLM-L6-v2 with a fresh start/end head (the starting point of training)."""
    import transformers
    from transformers import BertForQuestionAnswering

    transformers.utils.logging.set_verbosity_error()
    transformers.utils.logging.disable_progress_bar()
    return BertForQuestionAnswering.from_pretrained(str(model_path()))


def save_weights(model, path: Path = WEIGHTS, meta: dict[str, str] | None = None) -> Path:
    """Write the fine-tuned tensors (all but the reused ones) as float16 safetensors, atomically."""
    from safetensors.torch import save_file

    state = {k: v.detach().to("cpu").half().contiguous() for k, v in model.state_dict().items() if k not in REUSED}
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    save_file(state, str(tmp), metadata=meta or {})
    tmp.replace(path)
    return path


@functools.cache
def _embedder_tensors() -> dict:
    from safetensors.torch import load_file

    raw = load_file(str(model_path() / "model.safetensors"))
    return {k if k.startswith("bert.") else f"bert.{k}": v for k, v in raw.items()}


def load_reader(path: Path = WEIGHTS, attention: str | None = None):
    """The trained reader in eval mode: shipped tensors plus the embedder's word embeddings (`attention`: an
    attention implementation of transformers, e.g. "eager" for an ONNX export; default: its own choice)."""
    from safetensors.torch import load_file
    from transformers import BertConfig, BertForQuestionAnswering

    if not path.is_file():
        raise FileNotFoundError(f"reader weights missing at {path}: train them with `python -m eval.train_reader`")
    model = BertForQuestionAnswering(BertConfig.from_pretrained(str(model_path()), attn_implementation=attention))
    state = {k: v.float() for k, v in load_file(str(path)).items()}
    base = _embedder_tensors()
    for k in REUSED:
        state[k] = base[k]
    missing, unexpected = model.load_state_dict(state, strict=False)
    missing = [m for m in missing if not m.endswith("position_ids")]
    if missing or unexpected:
        raise RuntimeError(f"reader weights at {path} do not fit the model: missing {missing}, unexpected {unexpected}")
    model.eval()
    return model
