"""Language identification for short chat messages.

lingua (restricted to the 14 native languages, high-accuracy mode) does the work on alphabetic
text, with a second opinion on words: a naive Bayes over lowercase words counted from our NLU
training data and a list of common words (bot/language/wordmodel.py). lingua's character n-grams
alone confuse Spanish, Portuguese and Italian on short sentences; the function words ("el", "mi",
"não", "il") that decide them are what the word model knows. The two are combined as
log P_lingua + WORD_MODEL_WEIGHT * log P_words over the Latin-script languages the message's
letters allow. Scripts that decide the language among those 14 on their own (Hangul, kana, Han,
Arabic, Cyrillic) are decided by rule, which is both faster and surer than n-grams on a
two-character message. A second pass asks whether the text is clearly in a language outside the
14, so the bot can translate. Text with too few letters is "undetermined" instead of guessed.

Measured with bench/langid_dev.py (our own messages, tuned there) and bench/langid.py (Tatoeba,
measured only). langdetect is not used: on both it is far behind lingua, and neither averaging
it in, nor a deterministic naive Bayes over its Wikipedia n-gram profiles, improved accuracy
(the profiles know characters, not our buyers' words). It is also non-deterministic unless seeded.
"""
import math
import threading
from dataclasses import dataclass
from typing import Dict, FrozenSet, Optional, Tuple

from lingua import IsoCode639_1, Language, LanguageDetector, LanguageDetectorBuilder

from bot.language import scripts
from bot.language.wordmodel import LANGUAGES as WORD_MODEL_LANGUAGES, WordModel

NATIVE_LANGUAGES = ("en", "es", "fr", "de", "pt", "it", "ru", "zh", "ja", "ar", "ko", "pl", "nl", "tr")
UNDETERMINED = "und"

# Fewer (weighted) letters than this, after removing order numbers, emails, URLs and numbers,
# tell nothing reliable: "ok", "si", "da", "A1003", "👍".
MIN_LETTERS = 4
# A language outside the 14 is only reported with this much text and this much certainty, since
# a false "other" makes the bot translate a message it could have understood.
MIN_LETTERS_FOR_OTHER = 10
OTHER_SCREEN_CONFIDENCE = 0.8
OTHER_CONFIRM_CONFIDENCE = 0.7

# Letters beyond a-z that each native Latin-script language writes. A message whose lowercase
# words use a letter a language does not have is not in that language ("¿", "ñ" → not pt).
_LATIN_EXTRA_LETTERS: Dict[str, FrozenSet[str]] = {
    code: frozenset(letters) for code, letters in {
        "en": "",
        "es": "áéíóúüñ¿¡",
        "pt": "áâãàçéêíóôõú",
        "fr": "àâæçéèêëîïôœùûüÿ",
        "it": "àèéìíîòóù",
        "de": "äöüß",
        "nl": "áàéèëïóöüç",
        "pl": "ąćęłńóśźż",
        "tr": "âçğıîöşûü",
    }.items()
}
_KEPT_SCORES = 3
# How much the word model's log-likelihood counts against lingua's log-probability. Chosen on the
# held-out NLU sets (tests/nlu/*_heldout.yml, which the word model does not learn from):
# 0.3 to 1.0 are within 0.1 point of each other there; lower lets lingua's Romance confusions back.
WORD_MODEL_WEIGHT = 0.5
_FLOOR = 1e-6  # lingua's confidence is 0 for languages it rules out; log needs a floor
_ASCII_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyz")


@dataclass(frozen=True)
class Detection:
    """The language of one message.

    code: ISO 639-1 code, or "und" when the message has too little text to tell.
    confidence: 0..1; 0 when undetermined.
    native: True for the 14 languages the bot has training data and replies for.
    letters: how much language evidence the message had (letters left after removing order
        numbers, emails, URLs and numbers; an ideograph, kana or Hangul syllable counts 3).
    scores: the best native candidates with their confidence, best first (empty when a script
        rule decided), so a caller can ask how plausible its current language still is.
    """

    code: str
    confidence: float
    native: bool
    letters: int
    scores: Tuple[Tuple[str, float], ...] = ()

    def score_of(self, code: str) -> float:
        if code == self.code:
            return self.confidence
        return dict(self.scores).get(code, 0.0)

    @property
    def undetermined(self) -> bool:
        return self.code == UNDETERMINED

    @property
    def other(self) -> bool:
        """Clearly in a language outside the 14: the bot has to translate."""
        return not self.native and not self.undetermined

    def as_output(self) -> dict:
        """The dict carried in the NLU parse output."""
        return {"code": self.code, "confidence": self.confidence, "native": self.native,
                "letters": self.letters, "scores": dict(self.scores)}

    @classmethod
    def from_output(cls, data: dict) -> "Detection":
        scores = tuple((c, float(v)) for c, v in (data.get("scores") or {}).items())
        return cls(data["code"], float(data["confidence"]), bool(data.get("native", False)),
                   int(data.get("letters", 0)), scores)


def undetermined(letters: int = 0) -> Detection:
    return Detection(UNDETERMINED, 0.0, False, letters)


class _Detectors:
    """The lingua detectors, built once per process on first use (thread-safe)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._native: Optional[LanguageDetector] = None
        self._screen: Optional[LanguageDetector] = None
        self._confirm: Dict[Language, LanguageDetector] = {}
        self._words: Optional[WordModel] = None

    def native(self) -> LanguageDetector:
        with self._lock:
            if self._native is None:
                self._native = (LanguageDetectorBuilder.from_languages(*_NATIVE_LINGUA)
                                .with_preloaded_language_models().build())
            return self._native

    def words(self) -> WordModel:
        with self._lock:
            if self._words is None:
                self._words = WordModel.build()
            return self._words

    def screen(self) -> LanguageDetector:
        # Low-accuracy mode keeps all ~75 languages in well under 100 MB; its "other" guesses
        # are confirmed by confirm() before anyone believes them.
        with self._lock:
            if self._screen is None:
                self._screen = (LanguageDetectorBuilder.from_all_spoken_languages()
                                .with_low_accuracy_mode().build())
            return self._screen

    def confirm(self, candidate: Language) -> LanguageDetector:
        """High-accuracy detector over the 14 plus one candidate: the fair comparison."""
        with self._lock:
            if candidate not in self._confirm:
                self._confirm[candidate] = LanguageDetectorBuilder.from_languages(
                    *_NATIVE_LINGUA, candidate).build()
            return self._confirm[candidate]


_NATIVE_LINGUA = tuple(Language.from_iso_code_639_1(getattr(IsoCode639_1, c.upper()))
                       for c in NATIVE_LANGUAGES)
_DETECTORS = _Detectors()


def warm_up() -> None:
    """Loads the language models now, so that the first buyer does not wait for them."""
    _DETECTORS.native()
    _DETECTORS.words()
    _DETECTORS.screen().compute_language_confidence_values("warm up")


def _code(language: Language) -> str:
    return language.iso_code_639_1.name.lower()


def _by_script(letter_scripts: Dict[str, int]) -> Optional[Detection]:
    """Languages that the script alone decides among the 14."""
    letters = scripts.weighted_letters(letter_scripts)
    han, kana, hangul = (letter_scripts.get(s, 0) for s in (scripts.HAN, scripts.KANA, scripts.HANGUL))
    # Two ideographs or syllables outweigh a Latin brand name or person's name around them.
    if han + kana + hangul >= 2 or (han + kana + hangul and letters == scripts.weighted_letters(
            {s: n for s, n in letter_scripts.items() if s in (scripts.HAN, scripts.KANA, scripts.HANGUL)})):
        if kana:
            return Detection("ja", 1.0, True, letters)
        if hangul >= han:
            return Detection("ko", 1.0, True, letters)
        return Detection("zh", 1.0 if han >= 2 else 0.7, True, letters)
    dominant = max(letter_scripts, key=letter_scripts.get)
    if dominant == scripts.ARABIC:
        return Detection("ar", 1.0, True, letters)
    if dominant == scripts.CYRILLIC:
        return Detection("ru", 1.0, True, letters)
    return None


def _latin_letters_used(text: str) -> FrozenSet[str]:
    """Letters beyond a-z in words that are not capitalised (names keep their own accents)."""
    used = set()
    for word in text.split():
        if word[:1].isupper():
            continue
        used.update(c for c in word.lower() if c not in _ASCII_LETTERS and (c.isalpha() or c in "¿¡"))
    return frozenset(used)


# lingua's confidence values differ between calls in the last bits; rounding makes
# the same text give the same Detection, ties included.
_DIGITS = 4
_LINGUA_DIGITS = 6  # before combining: finer, since the word model can turn a small value around


def _by_lingua(text: str, letters: int) -> Detection:
    lingua = {_code(v.language): round(v.value, _LINGUA_DIGITS)
              for v in _DETECTORS.native().compute_language_confidence_values(text)}
    candidates = [c for c in WORD_MODEL_LANGUAGES if c in lingua]
    used = _latin_letters_used(text)
    if used:
        possible = [c for c in candidates if used <= _LATIN_EXTRA_LETTERS[c]]
        candidates = possible or candidates
    if not candidates:
        return undetermined(letters)
    word_scores = _DETECTORS.words().log_likelihoods(text, candidates)
    combined = {c: math.log(max(lingua[c], _FLOOR)) + WORD_MODEL_WEIGHT * word_scores[c] for c in candidates}
    best = max(combined.values())
    weights = {c: math.exp(v - best) for c, v in combined.items()}
    total = sum(weights.values())
    values = {c: round(w / total, _DIGITS) for c, w in weights.items()}
    ranked = sorted(values.items(), key=lambda item: (-item[1], item[0]))
    return Detection(ranked[0][0], ranked[0][1], True, letters, tuple(ranked[:_KEPT_SCORES]))


def _other_language(text: str, letters: int) -> Optional[Detection]:
    """The language outside the 14 that `text` is clearly written in, if any."""
    if letters < MIN_LETTERS_FOR_OTHER:
        return None
    screened = _DETECTORS.screen().compute_language_confidence_values(text)
    if not screened:
        return None
    top = screened[0]
    if _code(top.language) in NATIVE_LANGUAGES or top.value < OTHER_SCREEN_CONFIDENCE:
        return None
    confirmed = _DETECTORS.confirm(top.language).compute_language_confidence_values(text)
    if confirmed and confirmed[0].language == top.language and confirmed[0].value >= OTHER_CONFIRM_CONFIDENCE:
        return Detection(_code(top.language), round(confirmed[0].value, _DIGITS), False, letters)
    return None


def detect(text: str) -> Detection:
    """The language `text` is written in. Same text, same answer."""
    words = scripts.language_text(text or "")
    letter_scripts = scripts.letter_scripts(words)
    letters = scripts.weighted_letters(letter_scripts)
    if letters < MIN_LETTERS:
        return undetermined(letters)
    by_script = _by_script(letter_scripts)
    if by_script is not None and by_script.code in ("ja", "ko", "zh"):
        return by_script
    other = _other_language(words, letters)
    if other is not None:
        return other
    if by_script is not None:
        return by_script
    if max(letter_scripts, key=letter_scripts.get) != scripts.LATIN:
        return undetermined(letters)  # a script none of the 14 is written in, but no clear language
    return _by_lingua(words, letters)
