"""Language identification on our own development set: the NLU examples (data/nlu/<lang>/*.yml, the
folder names the language) and the held-out NLU sets (tests/nlu/<lang>_heldout.yml).

This is where bot.language.detect is developed and tuned; the Tatoeba benchmark (bench/langid.py)
is only measured. `python -m bench.langid_dev` prints accuracy per language and confusion counts;
`--show LANG` prints the misclassified dev messages of one language (our data, fine to read);
`--benchmark` also prints the benchmark's aggregate figures (never its sentences).

Messages the detector calls "und" (too little text) are counted apart: they are the intended answer
for "ok", "si", an order number.
"""
import argparse
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Callable, Dict, List, Tuple

from bot.language.wordmodel import nlu_examples

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ("en", "es", "fr", "de", "pt", "it", "ru", "zh", "ja", "ar", "ko", "pl", "nl", "tr")


def _examples_of(path: Path) -> List[str]:
    return [t.strip() for t in nlu_examples(path) if t.strip()]


def training_messages(language: str) -> List[str]:
    """The NLU training examples of one language."""
    return [t for path in sorted((ROOT / "data" / "nlu" / language).glob("*.yml")) for t in _examples_of(path)]


def heldout_messages(language: str) -> List[str]:
    path = ROOT / "tests" / "nlu" / f"{language}_heldout.yml"
    return _examples_of(path) if path.exists() else []


def dev_set(which: str = "all") -> List[Tuple[str, str]]:
    rows = []
    for language in LANGUAGES:
        if which in ("all", "train"):
            rows += [(t, language) for t in training_messages(language)]
        if which in ("all", "heldout"):
            rows += [(t, language) for t in heldout_messages(language)]
    return rows


def evaluate(identify: Callable[[str], str], rows: List[Tuple[str, str]], show: str = "") -> None:
    per_language: Dict[str, Counter] = defaultdict(Counter)
    confusions: Counter = Counter()
    started = time.perf_counter()
    for text, language in rows:
        predicted = identify(text)
        outcome = "ok" if predicted == language else "und" if predicted == "und" else "wrong"
        per_language[language][outcome] += 1
        if outcome == "wrong":
            confusions[(language, predicted)] += 1
            if language == show:
                print(f"  {language}→{predicted}: {text}")
    ms = (time.perf_counter() - started) * 1000 / len(rows)
    ok = sum(c["ok"] for c in per_language.values())
    und = sum(c["und"] for c in per_language.values())
    decided = len(rows) - und
    print(f"{len(rows)} messages, {ms:.2f} ms each; accuracy {ok / len(rows):.2%} of all, "
          f"{ok / decided:.2%} of the {decided} not 'und' ({und} und)")
    print("lang      n    acc(all) acc(decided)  und  wrong")
    for language in LANGUAGES:
        c = per_language.get(language)
        if not c:
            continue
        n = sum(c.values())
        print(f"{language:4} {n:6}   {c['ok'] / n:7.2%}   {c['ok'] / max(1, n - c['und']):7.2%}   "
              f"{c['und']:5} {c['wrong']:5}")
    print("confusions:", ", ".join(f"{t}→{p} {n}" for (t, p), n in confusions.most_common(30)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--set", choices=("all", "train", "heldout"), default="all")
    parser.add_argument("--show", default="", help="print the misclassified dev messages of this language")
    parser.add_argument("--benchmark", action="store_true", help="also print the benchmark's aggregates")
    args = parser.parse_args()
    from bot.language.detect import detect, warm_up
    warm_up()
    evaluate(lambda text: detect(text).code, dev_set(args.set), args.show)
    if args.benchmark:
        from bench.langid import run
        section = run(lambda text: detect(text).code, "benchmark (aggregates only)")
        print(f"\n## {section.title}\n\n{section.body}")


if __name__ == "__main__":
    main()
