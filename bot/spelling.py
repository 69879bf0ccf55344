"""Typo repair for what the English sentence encoder reads.

A misspelt word falls apart into word pieces that carry nothing of its meaning ("refnd" ->
"ref ##nd"), so a buyer's typo costs the embedding its key word. Before a message is embedded,
each word of 4+ letters that is not a word (the encoder does not know it whole, and training
uses it fewer than 5 times) is replaced by the word one slip away from it (a letter dropped,
added, replaced, or two swapped; two slips for words of 7+ letters), the most frequent in
training if several are. Words ("order", "refund", "oder") are never touched, so correct
English is left as it is.
"""
import re
from collections import Counter, defaultdict
from typing import Container, Dict, Iterable, List, Set

_WORD = re.compile(r"[a-z]+")
MIN_LENGTH = 4
LONG_WORD = 7
COMMON = 5  # a training word used this often is a word, not a typo


def _deletions(word: str) -> Set[str]:
    return {word} | {word[:i] + word[i + 1:] for i in range(len(word))}


def _one_slip(a: str, b: str) -> bool:
    """a and b differ by one dropped, added or replaced letter, or two neighbours swapped."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1
                                  and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]])
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


class SpellingRepair:
    def __init__(self, counts: Dict[str, int]):
        self.counts = dict(counts)
        self._by_key: Dict[str, List[str]] = defaultdict(list)
        for word in sorted(self.counts):
            for key in _deletions(word):
                self._by_key[key].append(word)

    @classmethod
    def from_texts(cls, texts: Iterable[str]) -> "SpellingRepair":
        counts = Counter(w for text in texts for w in _WORD.findall(text.lower()) if len(w) >= MIN_LENGTH - 1)
        return cls(counts)

    def __getstate__(self):  # pickled with the model: the index is rebuilt on load
        return {"counts": self.counts}

    def __setstate__(self, state):
        self.__init__(state["counts"])

    def _valid(self, word: str, known: Container[str]) -> bool:
        # Training data has typos of its own ("cancle"), but each only a few times.
        return word in known or self.counts.get(word, 0) >= COMMON

    def word(self, word: str, known: Container[str] = ()) -> str:
        if len(word) < MIN_LENGTH or self._valid(word, known):
            return word
        candidates = {c for key in _deletions(word) for c in self._by_key.get(key, ())
                      if self._valid(c, known)}
        if len(word) < LONG_WORD:
            candidates = {c for c in candidates if _one_slip(word, c)}
        if not candidates:
            return word
        return max(candidates, key=lambda c: (self.counts[c], c))

    def text(self, text: str, known: Container[str] = ()) -> str:
        """The text, lower-cased, with its unknown words repaired."""
        return _WORD.sub(lambda m: self.word(m.group(), known), text.lower())
