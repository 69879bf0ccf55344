"""Whether a typed answer to "Is the item unused?" says unused or used, in any language.

The buttons send affirm / deny. A typed "not used" is classified deny (→ used) and "unused"
is often not understood at all, so the words decide first; the intent only when they name
nothing. Lower-case stems per language. Negated forms are listed before the plain words
they contain: "not used" must not read as "used", "not new" must not read as "new".
"""

from __future__ import annotations

from typing import Optional

from actions.word_tables import WordTable

# Checked in this order; the first table with a match wins.
CONDITION_WORDS = (
    ("used", (
        "not new", "no longer new", "isn't new", "isnt new", "not unused", "not brand new",
        "no es nuevo", "ya no es nuevo", "pas neuf", "plus neuf", "nicht neu", "nicht mehr neu",
        "não é novo", "nao e novo", "non è nuovo", "non e nuovo", "не новый", "не новая", "不是新的",
        "新品ではない", "جديد ليس", "ليس جديد", "새것이 아니", "nie jest nowy", "niet nieuw", "yeni değil",
        "yeni degil",
    )),
    ("unused", (
        "unused", "not used", "never used", "haven't used", "havent used", "have not used", "didn't use",
        "didnt use", "did not use", "not worn", "unworn", "never worn", "haven't worn", "havent worn",
        "didn't wear", "didnt wear", "never wore", "brand new", "still new", "it's new", "its new",
        "with tags", "tags on", "tags still", "with the tags", "in the box", "original packaging",
        "unopened", "not opened", "never opened", "sealed", "untouched",
        "sin usar", "sin estrenar", "no lo he usado", "no la he usado", "no los he usado", "no las he usado",
        "nunca usad", "nuevo", "nueva", "con etiqueta", "sin abrir",
        "pas utilisé", "pas utilise", "jamais utilisé", "jamais utilise", "jamais porté", "jamais porte",
        "pas porté", "pas porte", "neuf", "neuve", "inutilisé", "inutilise", "avec étiquette", "avec etiquette",
        "nicht benutzt", "unbenutzt", "nie benutzt", "nicht getragen", "ungetragen", "nie getragen",
        "neuwertig", "originalverpack", "ungeöffnet", "ungeoffnet", "noch neu", "mit etikett",
        "não usad", "nao usad", "nunca usad", "sem uso", "novo", "nova", "com etiqueta", "não foi usad",
        "nao foi usad", "não usei", "nao usei",
        "non usat", "mai usat", "non l'ho usat", "non utilizzat", "mai utilizzat", "nuovo", "nuova",
        "con etichett", "non indossat", "mai indossat",
        "не использовал", "не пользовал", "не носил", "не ношен", "неношен", "новый", "новая", "новое",
        "с бирк", "не распаков", "не вскрыт",
        "未使用", "没用过", "没有用过", "没穿过", "没有穿过", "全新", "未拆封", "没拆", "吊牌",
        "使っていません", "使っていない", "使ってない", "未開封", "新品", "着ていません", "タグ付き",
        "غير مستخدم", "لم أستخدم", "لم استخدم", "لم يستخدم", "جديد", "لم ألبس", "لم البس", "بالعلامة",
        "사용하지 않", "사용 안", "안 썼", "안썼", "미사용", "새 제품", "새것", "새 거", "새거", "미개봉", "택 있",
        "안 입었", "안입었",
        "nieużywan", "nieuzywan", "nie używał", "nie uzywal", "nie noszon", "nienoszon", "nowy", "nowa",
        "nowe", "z metk", "nieotwiera",
        "ongebruikt", "niet gebruikt", "nooit gebruikt", "niet gedragen", "ongedragen", "nieuw",
        "met label", "ongeopend",
        "kullanılmadı", "kullanilmadi", "kullanmadım", "kullanmadim", "kullanılmamış", "kullanilmamis",
        "giymedim", "yeni", "etiketli", "açılmamış", "acilmamis",
    )),
    ("used", (
        "used", "worn", "wore", "opened", "washed",
        "usado", "usada", "usé", "lo he usado", "la he usado", "lo usé", "puesto",
        "utilisé", "utilise", "porté", "lavé",
        "benutzt", "getragen", "gewaschen", "geöffnet",
        "usei", "usad", "lavad",
        "usato", "usata", "indossat", "utilizzat", "lavat",
        "использовал", "пользовал", "носил", "ношен", "стирал",
        "用过", "穿过", "洗过", "拆过",
        "使った", "使いました", "使用済み", "着ました", "着た",
        "استخدمت", "مستخدم", "لبست",
        "사용했", "썼", "입었", "중고",
        "używał", "uzywal", "używan", "uzywan", "noszon", "nosił",
        "gebruikt", "gedragen", "gewassen",
        "kullandım", "kullandim", "kullanıldı", "kullanildi", "giydim", "yıkadım",
    )),
)


_CONDITIONS = WordTable(CONDITION_WORDS)


def condition_in_text(text: str) -> Optional[str]:
    """"unused" or "used" when the words of `text` say so, else None."""
    return _CONDITIONS.first_in(text)
