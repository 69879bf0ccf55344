"""A Rasa tokenizer for every script the shop's buyers write in.

Text is cut into runs by script: runs of ideographs and kana go to a word segmenter (janome for
Japanese, jieba for Chinese), everything else is split on whitespace and punctuation like Rasa's
WhitespaceTokenizer, except that tokens such as "A1003", "24.5", "don't" and emails stay whole.
Every token's offsets point into the original text, so annotated entities line up with tokens,
also inside unsegmented text such as "我的订单A1003还没发货".
"""
from __future__ import annotations

import logging
import re
import threading
import unicodedata
from typing import Any, Dict, Iterator, List, Optional, Text, Tuple

from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.tokenizers.tokenizer import Token, Tokenizer
from rasa.shared.nlu.training_data.message import Message

from bot.language.scripts import HAN, KANA, script_of, to_simplified

Span = Tuple[int, int]

# Kept whole before anything else is split: they contain the characters that split words.
_WHOLE_TOKENS = re.compile(
    r"https?://[^\s\u3000-\u30FF\u4E00-\u9FFF]+"
    r"|[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"
)
# Inside a word these join its parts: "24.5", "1,299", "don't", "e-mail", "24/7", "C-AB12CD".
_JOINERS = frozenset(".,'’-_/")


def _is_word_char(char: str) -> bool:
    return char.isalnum() or unicodedata.category(char).startswith("M")


def _is_cjk(char: str) -> bool:
    return script_of(char) in (HAN, KANA)


class _Segmenters:
    """jieba and janome, each initialised once per process, on first use."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._jieba: Any = None
        self._janome: Any = None

    def chinese(self, run: str) -> Iterator[Span]:
        # jieba's dictionary is Simplified: Traditional text ("我的訂單") is cut as Simplified.
        simplified = to_simplified(run)
        if len(simplified) == len(run):
            run = simplified
        with self._lock:
            if self._jieba is None:
                import jieba
                jieba.setLogLevel(logging.WARNING)
                jieba.initialize()
                self._jieba = jieba
        for _, start, end in self._jieba.tokenize(run):
            yield start, end

    def japanese(self, run: str) -> Iterator[Span]:
        with self._lock:
            if self._janome is None:
                from janome.tokenizer import Tokenizer as JanomeTokenizer
                self._janome = JanomeTokenizer()
        position = 0
        for surface in self._janome.tokenize(run, wakati=True):
            start = run.find(surface, position)
            if start < 0:  # janome normalised something: fall back to its length
                start = position
            position = start + len(surface)
            yield start, position


SEGMENTERS = _Segmenters()


def _cjk_runs_and_rest(text: str, begin: int, end: int) -> Iterator[Tuple[str, int, int]]:
    """("cjk" | "other", start, end) runs of text[begin:end]."""
    start = begin
    for i in range(begin + 1, end + 1):
        if i == end or _is_cjk(text[i]) != _is_cjk(text[start]):
            yield ("cjk" if _is_cjk(text[start]) else "other"), start, i
            start = i


def _words(text: str, begin: int, end: int) -> Iterator[Span]:
    """Whitespace/punctuation words of text[begin:end]; joiners stay inside a word."""
    i = begin
    while i < end:
        if not _is_word_char(text[i]):
            i += 1
            continue
        start = i
        while i < end and (_is_word_char(text[i]) or (
                text[i] in _JOINERS and i + 1 < end and _is_word_char(text[i + 1]))):
            i += 1
        yield start, i


def token_spans(text: str) -> List[Span]:
    """(start, end) of every token of `text`, in order."""
    japanese = any(script_of(c) == KANA for c in text)
    spans: List[Span] = []
    position = 0
    for whole in list(_WHOLE_TOKENS.finditer(text)) + [None]:
        stop = whole.start() if whole else len(text)
        for kind, start, end in _cjk_runs_and_rest(text, position, stop) if position < stop else ():
            if kind == "other":
                spans.extend(_words(text, start, end))
                continue
            run = text[start:end]
            segment = SEGMENTERS.japanese if japanese else SEGMENTERS.chinese
            spans.extend((start + s, start + e) for s, e in segment(run) if run[s:e].strip())
        if whole:
            spans.append((whole.start(), whole.end()))
            position = whole.end()
    return spans


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER, is_trainable=False)
class MultilingualTokenizer(Tokenizer):
    """Tokenizes Latin, Cyrillic, Arabic, Hangul, Chinese and Japanese text, mixed or not."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {
            "intent_tokenization_flag": False,
            "intent_split_symbol": "_",
            "token_pattern": None,
            "prefix_separator_symbol": None,
        }

    @staticmethod
    def required_packages() -> List[Text]:
        return ["jieba", "janome"]

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> MultilingualTokenizer:
        return cls(config)

    def tokenize(self, message: Message, attribute: Text) -> List[Token]:
        text = message.get(attribute)
        # Like WhitespaceTokenizer: a message of only emoji or punctuation is one token, since
        # the featurizers downstream need at least one.
        spans = token_spans(text) or [(0, len(text))]
        tokens = [Token(text[start:end], start, end) for start, end in spans]
        return self._apply_token_pattern(tokens)


def warm_up(sample: Optional[str] = "注文の商品はまだですか 我的订单还没发货") -> None:
    """Builds the segmenters' dictionaries now instead of on the first buyer's message."""
    token_spans(sample)
    SEGMENTERS.chinese("订单")
