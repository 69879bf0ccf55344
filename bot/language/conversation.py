"""Which language the conversation is held in, message after message.

The conversation keeps its language unless a message is clearly in another one: an "ok", an emoji,
an order number or an email never flips it. A channel's hint (browser locale, a messaging app's
user language) is the prior when the first message says too little. An explicit request
("English please", "¿hablas inglés?") always switches. Languages outside the 14 are returned as
their own code: the bot then translates.
"""
import re
from typing import Dict, Iterable, Optional

from bot.language.detect import NATIVE_LANGUAGES, Detection
from bot.language.scripts import CYRILLIC, LATIN, SIMPLIFIED, TRADITIONAL, chinese_script, script_of

DEFAULT_LANGUAGE = "en"
# To start a conversation in the detected language; against the channel's hint (a browser
# locale, a messaging app's language) a first message needs more: the hint is evidence too.
START_CONFIDENCE = 0.4
START_AGAINST_HINT_CONFIDENCE = 0.5
# To leave the current language: enough text, a plausible winner, and the current language
# far behind it (lingua spreads short-text confidence over similar languages, so a margin says
# more than an absolute value).
SWITCH_MIN_LETTERS = 12
SWITCH_CONFIDENCE = 0.45
SWITCH_MARGIN = 2.0


def language_from_hint(hint: Optional[str]) -> Optional[str]:
    """"es-ES" → "es", "pt-br" → "pt", "zh-Hant-TW" → "zh", "" → None."""
    if not hint:
        return None
    code = re.split(r"[-_]", hint.strip(), maxsplit=1)[0].lower()
    return code if re.fullmatch(r"[a-z]{2}", code) else None


def chinese_script_from_hint(hint: Optional[str]) -> Optional[str]:
    """"zh-TW", "zh-Hant", "zh_HK" → TRADITIONAL; "zh-CN", "zh-Hans-SG" → SIMPLIFIED; else None."""
    parts = re.split(r"[-_]", (hint or "").strip().lower())
    if parts[0] != "zh" or len(parts) == 1:
        return None
    if "hant" in parts or ("hans" not in parts and set(parts[1:]) & {"tw", "hk", "mo"}):
        return TRADITIONAL
    return SIMPLIFIED


def next_chinese_script(current: Optional[str], text: str, hint: Optional[str]) -> Optional[str]:
    """How a Chinese conversation's replies are written: as the buyer's last message that says
    (characters only one script uses), else as before, else as the channel's locale says."""
    return chinese_script(text) or current or chinese_script_from_hint(hint)


def _clearly_switches(current: str, detection: Detection) -> bool:
    if detection.undetermined or detection.code == current or detection.letters < SWITCH_MIN_LETTERS:
        return False
    if detection.other:
        return True  # detect() only says "other" when it is sure
    return (detection.confidence >= SWITCH_CONFIDENCE
            and detection.score_of(current) * SWITCH_MARGIN <= detection.confidence)


def next_language(current: Optional[str], detection: Detection, hint: Optional[str],
                  explicit_request: Optional[str]) -> str:
    """The conversation's language after this message."""
    if explicit_request:
        return explicit_request
    if current is None:
        hinted = language_from_hint(hint)
        needed = START_CONFIDENCE if hinted in (None, detection.code) else START_AGAINST_HINT_CONFIDENCE
        if not detection.undetermined and detection.confidence >= needed:
            return detection.code
        # A weak guess on a first word ("hello" scores English 0.41, Italian 0.28) must not
        # set the language.
        return hinted or DEFAULT_LANGUAGE
    if _clearly_switches(current, detection):
        return detection.code
    return current


# Names of the 14 languages, in English and in the languages buyers ask in. Lowercase.
LANGUAGE_NAMES: Dict[str, Iterable[str]] = {
    "en": ("english", "inglés", "ingles", "anglais", "englisch", "inglês", "inglese", "engels",
           "angielski", "angielsku", "ingilizce", "i̇ngilizce", "английский", "английском",
           "по-английски", "英语", "英文", "英語", "영어", "الإنجليزية", "الانجليزية", "بالإنجليزي",
           "بالانجليزي", "انجليزي", "إنجليزي"),
    "es": ("spanish", "español", "espanol", "castellano", "espagnol", "spanisch", "espanhol",
           "spagnolo", "spaans", "hiszpański", "hiszpańsku", "ispanyolca", "i̇spanyolca",
           "испанский", "по-испански", "西班牙语", "西班牙文", "西班牙語", "スペイン語", "스페인어",
           "الإسبانية", "الاسبانية"),
    "fr": ("french", "francés", "frances", "français", "francais", "französisch", "francês",
           "francese", "frans", "francuski", "francusku", "fransızca", "fransizca", "французский",
           "по-французски", "法语", "法文", "法語", "フランス語", "프랑스어", "الفرنسية"),
    "de": ("german", "alemán", "aleman", "allemand", "deutsch", "alemão", "alemao", "tedesco",
           "duits", "niemiecki", "niemiecku", "almanca", "немецкий", "по-немецки", "德语", "德文",
           "德語", "ドイツ語", "독일어", "الألمانية", "الالمانية"),
    "pt": ("portuguese", "portugués", "portugues", "portugais", "portugiesisch", "português",
           "portoghese", "portugees", "portugalski", "portugalsku", "portekizce",
           "португальский", "по-португальски", "葡萄牙语", "葡萄牙文", "葡萄牙語", "ポルトガル語",
           "포르투갈어", "البرتغالية"),
    "it": ("italian", "italiano", "italien", "italienisch", "italiaans", "włoski", "włosku",
           "italyanca", "i̇talyanca", "итальянский", "по-итальянски", "意大利语", "意大利文",
           "義大利語", "イタリア語", "이탈리아어", "الإيطالية", "الايطالية"),
    "ru": ("russian", "ruso", "russe", "russisch", "russo", "rosyjski", "rosyjsku", "rusça",
           "rusca", "русский", "русском", "по-русски", "俄语", "俄文", "俄語", "ロシア語", "러시아어",
           "الروسية"),
    "zh": ("chinese", "mandarin", "chino", "chinois", "chinesisch", "chinês", "chines", "cinese",
           "chinees", "chiński", "chińsku", "çince", "cince", "китайский", "по-китайски", "中文",
           "汉语", "漢語", "普通话", "普通話", "华语", "華語", "中国語", "중국어", "الصينية"),
    "ja": ("japanese", "japonés", "japones", "japonais", "japanisch", "japonês", "giapponese",
           "japans", "japoński", "japońsku", "japonca", "японский", "по-японски", "日语", "日文",
           "日語", "日本語", "일본어", "اليابانية"),
    "ar": ("arabic", "árabe", "arabe", "arabisch", "arabo", "arabski", "arabsku", "arapça",
           "arapca", "арабский", "по-арабски", "阿拉伯语", "阿拉伯文", "阿拉伯語", "アラビア語",
           "아랍어", "العربية", "بالعربية", "بالعربي", "عربي"),
    "ko": ("korean", "coreano", "coréen", "coreen", "koreanisch", "koreaans", "koreański",
           "koreańsku", "korece", "корейский", "по-корейски", "韩语", "韩文", "韓語", "韓文",
           "韓国語", "한국어", "한국말", "الكورية"),
    "pl": ("polish", "polaco", "polonais", "polnisch", "polonês", "polones", "polacco", "pools",
           "polski", "polsku", "lehçe", "lehce", "польский", "по-польски", "波兰语", "波蘭語",
           "ポーランド語", "폴란드어", "البولندية"),
    "nl": ("dutch", "neerlandés", "holandés", "holandes", "néerlandais", "neerlandais",
           "niederländisch", "holländisch", "holandês", "olandese", "nederlands", "hollands",
           "vlaams", "flemish", "niderlandzki", "holenderski", "niderlandzku", "felemenkçe",
           "hollandaca", "голландский", "нидерландский", "по-голландски", "荷兰语", "荷蘭語",
           "オランダ語", "네덜란드어", "الهولندية"),
    "tr": ("turkish", "turco", "turc", "türkisch", "turkisch", "turks", "turecki", "turecku",
           "türkçe", "turkce", "турецкий", "по-турецки", "土耳其语", "土耳其語", "トルコ語", "터키어",
           "튀르키예어", "التركية"),
}

# Words that turn a mention of a language into a request for it. Latin and Cyrillic ones are
# whole words; the others are matched anywhere.
_REQUEST_WORDS = (
    "speak", "talk", "write", "answer", "reply", "respond", "switch", "change",
    "habla", "hablas", "hablar", "háblame", "hablame", "hable", "escribe", "responde",
    "parlez", "parles", "parler", "parle",
    "sprechen", "sprichst", "spricht", "reden", "schreiben", "fala", "falas", "falar", "fale", "em",
    "parli", "parla", "parlare", "spreek", "spreekt", "spreken", "praten",
    "mówisz", "mowisz", "mówić", "mowic", "mówi",
    "konuş", "konuşabilir", "konuşur", "konusabilir", "говорите", "говоришь",
    "говорить", "можно",
)
# "Please" alone asks for a language only right after its bare name ("English please",
# "Deutsch bitte"): "the German shoes please" is about shoes.
_POLITE_WORDS = (
    "please", "pls", "plz", "por favor", "per favore", "svp", "stp", "bitte", "graag",
    "alsjeblieft", "alstublieft", "proszę", "prosze", "lütfen", "lutfen", "пожалуйста",
    "only", "now", "thanks", "thank you", "ok", "okay",
)
# "in English", "en español", "auf Deutsch", "po polsku": a preposition right before the name.
_PREPOSITIONS = ("in", "en", "em", "auf", "po", "на", "in het")
_REQUEST_MARKS = ("说", "說", "讲", "講", "用", "请", "請", "で", "話", "お願い", "로", "해주세요",
                  "해 주세요", "할 수", "تتحدث", "تتكلم", "تحدث", "من فضلك", "لو سمحت", "بال")
_NEGATIONS = ("not", "don't", "dont", "can't", "cant", "no hablo", "no entiendo", "kein", "keine",
              "nicht", "pas", "não", "nao", "non parlo", "nie", "niet", "geen", "не", "不会", "不會",
              "不懂", "できません", "わかりません", "못", "모르", "değil", "bilmiyorum", "لا ")
_MAX_REQUEST_WORDS = 10
_MAX_REQUEST_CHARS = 60


def _word_pattern(words: Iterable[str]) -> re.Pattern:
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])")


def _is_spaced(name: str) -> bool:
    """Written in a script that separates words with spaces (Latin, Cyrillic)."""
    return all(script_of(c) in (LATIN, CYRILLIC) for c in name if c.isalpha())


_SPACED_NAMES = {code: _word_pattern([n for n in names if _is_spaced(n)])
                 for code, names in LANGUAGE_NAMES.items()}
_UNSPACED_NAMES = {code: tuple(n for n in names if not _is_spaced(n))
                   for code, names in LANGUAGE_NAMES.items()}
_REQUEST_WORD = _word_pattern(_REQUEST_WORDS)
_POLITE_WORD = _word_pattern(_POLITE_WORDS)
_PREPOSITION_BEFORE_NAME = re.compile(
    rf"(?<![\w-])(?:{'|'.join(_PREPOSITIONS)})\s+(?:{'|'.join(re.escape(n) for names in LANGUAGE_NAMES.values() for n in names)})")
_NEGATION_WORD = _word_pattern(n for n in _NEGATIONS if _is_spaced(n))
_NEGATION_MARKS = tuple(n for n in _NEGATIONS if not _is_spaced(n))


def _named_languages(text: str) -> set:
    return {code for code in NATIVE_LANGUAGES
            if _SPACED_NAMES[code].search(text) or any(n in text for n in _UNSPACED_NAMES[code])}


def explicit_language_request(text: str) -> Optional[str]:
    """The language the buyer asks the bot to use ("can you speak German?", "说中文"), if any."""
    lowered = (text or "").casefold().strip()
    if not lowered or len(lowered) > _MAX_REQUEST_CHARS or len(lowered.split()) > _MAX_REQUEST_WORDS:
        return None
    named = _named_languages(lowered)
    if len(named) != 1:
        return None
    if _NEGATION_WORD.search(lowered) or any(m in lowered for m in _NEGATION_MARKS):
        return None
    (code,) = named
    asked = (_REQUEST_WORD.search(lowered) or _PREPOSITION_BEFORE_NAME.search(lowered)
             or any(m in lowered for m in _REQUEST_MARKS))
    return code if asked or _just_the_name(lowered, code) else None


def _just_the_name(text: str, code: str) -> bool:
    """The message is the language's name, give or take "please", "only", "ok"."""
    rest = _POLITE_WORD.sub(" ", _SPACED_NAMES[code].sub(" ", text))
    for name in _UNSPACED_NAMES[code]:
        rest = rest.replace(name, " ")
    return not re.findall(r"\w+", rest)
