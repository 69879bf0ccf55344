"""Which resolution (refund, exchange, replacement, partial refund) a buyer's words name.

Read by the return and claim forms for a typed answer, and by the return request itself:
"I'd like to exchange the sneakers for a size 39" needs no refund-or-exchange question.
"""

from __future__ import annotations

from typing import Optional, Sequence

# "I'd prefer a refund", classified as a plain answer (inform): the word decides. Lower-case
# stems per language; a text naming two different resolutions is left to the buttons.
RESOLUTION_WORDS = {
    "refund": ("refund", "money back", "reimburse", "reembols", "devolución del dinero", "devolucion del dinero",
               "rembours", "erstatt", "geld zurück", "geld zuruck", "rimbors", "возврат денег",
               "вернуть деньги", "вернуть деньг", "退款", "退钱", "返金", "استرداد", "استرجاع المبلغ", "환불",
               "zwrot pieniędzy", "zwrotu pieniędzy", "zwrot pieniedzy", "terugbetal", "geld terug",
               "para iade", "parami geri", "paramı geri", "ücret iade", "ucret iade", "kısmi iade",
               "kismi iade"),
    "exchange": ("exchange", "swap", "cambi", "échang", "echang", "umtausch", "tauschen", "troca", "trocar",
                 "обмен", "换货", "换一", "交換", "交换", "取り替え", "取替", "استبدال", "교환", "wymian",
                 "ruil", "değişim", "degisim", "değiştir", "degistir"),
    # A new one of the same item (damage claims); in the return form it means an exchange.
    "replacement": ("replace", "new one", "send another", "reemplaz", "sustitu", "reposición", "reposicion",
                    "uno nuevo", "una nueva", "substitu", "reposição", "reposicao", "um novo", "uma nova",
                    "remplac", "un nouveau", "une nouvelle", "ersatz", "ersetz", "ein neues", "einen neuen",
                    "eine neue", "sostitu", "uno nuovo", "una nuova", "замен", "новый", "новую", "换新",
                    "更换", "补发", "重新发", "代替品", "新品", "新しいもの", "再送", "بديل", "منتج جديد",
                    "새 제품", "새것", "새 걸로", "새걸로", "대체품", "재발송", "nowy egzemplarz", "nowy produkt",
                    "zastęp", "zastep", "vervang", "nieuwe", "yenisi", "yeni ürün", "yeni urun"),
    # Keep the item with part of the money back; wins over the refund words it contains.
    "partial_refund": ("partial", "parcial", "partiel", "teilerstattung", "teilweise", "parzial", "частичн",
                       "部分退款", "部分返金", "一部返金", "一部", "جزئي", "부분", "częściow", "czesciow",
                       "gedeeltelijk", "kısmi", "kismi"),
}
# "Send it again": a replacement, where the question is about a parcel that never came. Either
# a word that says it alone, or a word for sending plus one for again ("again" alone is not
# enough: "it is late again").
RESEND_WORDS = ("resend", "re-send", "reenv", "renvoyez-le", "再发", "重发", "再寄", "再送", "다시 보내",
                "다시 발송", "ponownie wysł", "opnieuw sturen", "opnieuw verzend", "tekrar gönder",
                "yeniden gönder")
SEND_WORDS = ("send", "ship", "envi", "enví", "mand", "envoy", "expédi", "expedi", "schick", "versend",
              "sped", "invi", "отправ", "пришл", "вышл", "发", "寄", "送", "보내", "발송", "wysł", "wyśl",
              "stuur", "verzend", "gönder", "gonder", "أرسل", "ارسل", "ترسل", "يرسل")
AGAIN_WORDS = ("again", "de nuevo", "otra vez", "à nouveau", "a nouveau", "de nouveau", "erneut", "nochmal",
               "noch einmal", "di nuovo", "ancora", "novamente", "de novo", "outra vez", "снова", "ещё раз",
               "еще раз", "повторно", "重新", "再", "もう一度", "다시", "ponownie", "jeszcze raz", "opnieuw",
               "nogmaals", "tekrar", "yeniden", "مرة أخرى", "من جديد")
RETURN_RESOLUTIONS = ("refund", "exchange")
CLAIM_RESOLUTIONS = ("replacement", "refund", "partial_refund")
DISPUTE_RESOLUTIONS = ("replacement", "refund")  # a lost or overdue parcel
# What a resolution the form does not offer means in that form.
RESOLUTION_ALIASES = {
    RETURN_RESOLUTIONS: {"replacement": "exchange"},
    CLAIM_RESOLUTIONS: {"exchange": "replacement"},
    DISPUTE_RESOLUTIONS: {"exchange": "replacement", "partial_refund": "refund"},
}


def resolution_in_text(text: str, choices: Sequence[str] = RETURN_RESOLUTIONS,
                       loose: bool = True) -> Optional[str]:
    """The one resolution among `choices` the words of `text` name, else None.

    `loose=False` leaves out the replacement words ("new", "nieuwe"): for reading a return
    request itself, where "I want to return my new shoes" is no exchange.
    """
    lowered = (text or "").lower()
    found = {name for name, words in RESOLUTION_WORDS.items()
             if (loose or name != "replacement") and any(w in lowered for w in words)}
    if "partial_refund" in found:
        found.discard("refund")
    aliases = RESOLUTION_ALIASES.get(tuple(choices), {})
    found = {aliases.get(name, name) for name in found}
    return found.pop() if len(found) == 1 and next(iter(found)) in choices else None


def dispute_resolution_in_text(text: str) -> Optional[str]:
    """Replacement or refund, for a parcel that never came: "send it again" means a replacement."""
    named = resolution_in_text(text, DISPUTE_RESOLUTIONS)
    lowered = (text or "").lower()
    resend = any(w in lowered for w in RESEND_WORDS) or (
        any(w in lowered for w in SEND_WORDS) and any(w in lowered for w in AGAIN_WORDS))
    if named is None and resend:
        mentions_refund = any(w in lowered for w in RESOLUTION_WORDS["refund"])
        return None if mentions_refund else "replacement"
    return named
