"""Whether a return request already says why ("they're too small", "me queda grande",
"偏小"), in any of our 14 languages: then the return form does not ask for the reason.

Only the common reasons of a fashion and gadget shop: the fit, and a change of mind or taste.
Anything else is asked for as before.
"""

from __future__ import annotations

from typing import Optional

from actions.word_tables import WordTable

REASON_WORDS = (
    ("fit", (
        # en
        "too small", "too big", "too large", "too tight", "too loose", "too short", "too long",
        "doesn't fit", "does not fit", "don't fit", "do not fit", "didn't fit", "did not fit",
        "wrong size", "a bigger size", "a smaller size", "bigger one", "smaller one", "pinch",
        # es
        "pequeñ", "grande", "me aprieta", "no me queda", "no me quedan", "no me sirve", "no me sirven",
        "talla equivocada",
        # fr
        "trop petit", "trop grand", "trop serré", "trop large", "ne me va pas", "ne me vont pas",
        "taille au-dessus", "taille en dessous",
        # de
        "zu klein", "zu groß", "zu gross", "zu eng", "zu weit", "passt nicht", "passen nicht",
        "passt mir nicht", "eine nummer größer", "eine nummer kleiner",
        # pt
        "pequen", "apertad", "grande demais", "muito grande", "não serv", "nao serv", "não ficou",
        "nao ficou",
        # it
        "troppo piccol", "troppo grand", "troppo strett", "non mi sta", "non mi stanno", "taglia sbagliata",
        # ru
        "маловат", "мала ", "малы", "маленьк", "великоват", "велика ", "велики", "не подош",
        "не по размеру", "не тот размер",
        # zh
        "小了", "太小", "偏小", "大了", "太大", "偏大", "不合适", "不合身", "尺码不对", "尺寸不对",
        # ja
        "小さ", "大き", "きつ", "ゆる", "合わな", "サイズが違",
        # ar
        "صغير", "كبير", "ضيق", "واسع", "لا يناسب", "المقاس غير",
        # ko
        "작아", "커요", "커서", "너무 커", "안 맞", "안맞",
        # pl
        "za mał", "za duż", "za ciasn", "nie pasuj", "zły rozmiar", "zly rozmiar",
        # nl
        "te klein", "te groot", "te krap", "te ruim", "past niet", "passen niet", "verkeerde maat",
        # tr
        "küçük", "kucuk", "büyük", "buyuk", "dar geldi", "bol geldi", "olmadı", "olmadi", "uymadı",
        "uymadi",
    )),
    ("changed_mind", (
        "changed my mind", "don't like", "do not like", "didn't like", "not what i expected",
        "cambié de opinión", "cambie de opinion", "no me gusta", "changé d'avis", "change d'avis",
        "ne me plaît pas", "ne me plait pas", "gefällt mir nicht", "gefaellt mir nicht",
        "anders überlegt", "mudei de ideia", "não gostei", "nao gostei", "ho cambiato idea",
        "non mi piace", "передумал", "не понрав", "不喜欢", "改变主意", "気に入らな", "イメージと違",
        "غيرت رأيي", "لم يعجبني", "마음에 안", "마음이 바뀌", "zmieniłam zdanie", "zmieniłem zdanie",
        "nie podoba", "bedacht", "niet mooi", "vazgeçtim", "vazgectim", "beğenmedim", "begenmedim",
    )),
)
_REASONS = WordTable(REASON_WORDS)


def reason_in_request(text: Optional[str]) -> Optional[str]:
    """"fit" or "changed_mind" when the request names one of them, else None."""
    return _REASONS.first_in(text)
