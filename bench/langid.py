"""Language identification accuracy on the Tatoeba short-sentence set (../shared/benchmarks/langid).

The set is for measuring only: nothing is tuned on it, and no sentence is copied.
`python -m bench.langid` measures bot.language.detect directly; `--baselines` adds lingua alone
(restricted to the 14) and langdetect alone, for comparison.
"""
import argparse
import json
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Callable, Dict, List

from bench.report import Section

DATA = Path(__file__).resolve().parents[2] / "shared" / "benchmarks" / "langid" / "tatoeba_short.jsonl"
TARGET = 0.995


def run(identify: Callable[[str], str], title: str = "Language identification") -> Section:
    """Accuracy of `identify` (text → ISO 639-1 code), overall and per language."""
    rows = [json.loads(line) for line in DATA.read_text().splitlines() if line.strip()]
    per_language: Dict[str, List[bool]] = defaultdict(list)
    confusions: Counter = Counter()
    started = time.perf_counter()
    for row in rows:
        predicted = identify(row["text"])
        per_language[row["lang"]].append(predicted == row["lang"])
        if predicted != row["lang"]:
            confusions[(row["lang"], predicted)] += 1
    milliseconds = (time.perf_counter() - started) * 1000 / len(rows)
    total = sum(sum(v) for v in per_language.values()) / len(rows)
    lines = [f"Accuracy: **{total:.2%}** on {len(rows)} sentences (target ≥ {TARGET:.1%}), "
             f"{milliseconds:.2f} ms per sentence.", "",
             "| language | n | accuracy |", "|---|---:|---:|"]
    for language in sorted(per_language):
        results = per_language[language]
        lines.append(f"| {language} | {len(results)} | {sum(results) / len(results):.1%} |")
    lines += ["", "Confusions (true → predicted, count):", ""]
    lines += [f"- {t} → {p}: {n}" for (t, p), n in confusions.most_common()] or ["- none"]
    return Section(title, "\n".join(lines), {"accuracy": total, "ms_per_sentence": milliseconds})


def _lingua_alone() -> Callable[[str], str]:
    from lingua import IsoCode639_1, LanguageDetectorBuilder
    from bot.language.detect import NATIVE_LANGUAGES
    detector = LanguageDetectorBuilder.from_iso_codes_639_1(
        *[getattr(IsoCode639_1, c.upper()) for c in NATIVE_LANGUAGES]).build()

    def identify(text: str) -> str:
        language = detector.detect_language_of(text)
        return language.iso_code_639_1.name.lower() if language else "und"
    return identify


def _langdetect_alone() -> Callable[[str], str]:
    from langdetect import DetectorFactory, LangDetectException, detect
    DetectorFactory.seed = 0

    def identify(text: str) -> str:
        try:
            return detect(text).split("-")[0]
        except LangDetectException:
            return "und"
    return identify


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--baselines", action="store_true", help="also measure lingua and langdetect alone")
    args = parser.parse_args()
    from bot.language.detect import detect, warm_up
    started = time.perf_counter()
    warm_up()
    print(f"detector start-up: {time.perf_counter() - started:.2f} s\n")
    sections = [run(lambda text: detect(text).code, "bot.language.detect")]
    if args.baselines:
        sections += [run(_lingua_alone(), "lingua alone (14 languages)"),
                     run(_langdetect_alone(), "langdetect alone")]
    for section in sections:
        print(f"## {section.title}\n\n{section.body}\n")


if __name__ == "__main__":
    main()
