"""Intent accuracy on our English development sets (bench/data/en_dev*.yml), never trained on.

Each set was written by hand, without sight of the Bitext evaluation file, our training data,
the held-out sets or the other development sets:
- en_dev.yml (740): the registers of help-desk tickets and chat: polite full sentences, casual,
  typo'd, keyword-only, angry and non-native English, with amounts, order and tracking numbers;
- en_dev2.yml (650): written after the first stopped showing errors; weighted towards the intents
  the first set and Bitext's group table found weakest (refund status, refund and return
  requests, delivery options and times, order changes, out-of-scope account matters) and
  towards how-to questions ("how do I…") and indirect requests ("I'd like to…");
- en_dev3.yml (420): the borders between intents that share words (a payment problem and
  payment methods, a refund request and a refund's status, delivery options and a parcel's
  whereabouts, out-of-scope account matters), written when training data chosen on the first
  two moved Bitext's figure the other way;
- en_dev4.yml (653): short written support requests in many forms (help-centre queries, chat
  slang, typos, polite and rude), written when the first three were at 98 %. The model stood at
  99.1 % on it before any change, so it did not show where Bitext fails;
- en_dev5.yml (300): every message carries an amount of money ("$1,500", "45,99 €", "300
  bucks"), written after Bitext's aggregate table showed its messages with an amount at 77 %
  against 97.5 % for the rest. Five of its bare figures ("$45") happen to equal training examples;
- en_dev6.yml (566): story-first messages (background, then the ask), angry but plain requests,
  and messages with order numbers, carriers and dates, written when the others stood at 97-99 %
  and Bitext at 96.8 %. Its labels were then aligned with data/nlu's (a failing promo code is
  ask_price_discount, "hi" greet; 4 unclear messages dropped): the model stood at 94.3 % on it
  (groups 95.8 %) before any change, and the training data added next was chosen on its misses,
  so its later figures are optimistic; the other five sets are the check.
They are where changes to the English training data and the classifier are chosen, so that the
Bitext figure stays a measurement. Scored by the same coarse groups as Bitext
(bench.nlu_bitext.GROUP_INTENTS) and by exact intent.

    python -m bench.nlu_dev --model models/x.tar.gz [--errors]   # --errors lists misses
"""
from collections import Counter, defaultdict
from pathlib import Path
from typing import Callable, Dict, List, Tuple

from rasa.shared.nlu.training_data.loading import load_data

from bench.nlu_bitext import GROUP_INTENTS, TASK_INTENTS
from bench.overlap import match_key, training_keys
from bench.report import Section

DEV_SETS = sorted((Path(__file__).resolve().parent / "data").glob("en_dev*.yml"))
GROUP_OF = {intent: group for group, intents in GROUP_INTENTS.items() for intent in intents}


def examples(path: Path) -> List[Tuple[str, str]]:
    return [(m.get("text"), m.get("intent")) for m in load_data(str(path)).intent_examples]


def group_correct(intent: str, predicted: str) -> bool:
    """Right by Bitext's coarse groups: the same group, or for out_of_scope any non-task intent;
    intents outside the groups must match exactly."""
    if intent == "out_of_scope":
        return predicted not in TASK_INTENTS
    if intent in GROUP_OF:
        return GROUP_OF.get(predicted) == GROUP_OF[intent]
    return predicted == intent


def run(parse: Callable[[str], dict], path: Path, errors: bool = False) -> Section:
    rows = examples(path)
    trained = training_keys()
    exact: Dict[str, List[bool]] = defaultdict(list)
    grouped: List[bool] = []
    confusions: Counter = Counter()
    misses = []
    for text, intent in rows:
        predicted = parse(text)["intent"]["name"]
        exact[intent].append(predicted == intent)
        grouped.append(group_correct(intent, predicted))
        if predicted != intent:
            confusions[(intent, predicted)] += 1
            misses.append((intent, predicted, text))
    total = sum(sum(v) for v in exact.values()) / len(rows)
    lines = [f"Intent accuracy: **{total:.1%}** on {len(rows)} messages; by Bitext's coarse groups "
             f"{sum(grouped) / len(grouped):.1%}. Identical to a training example: "
             f"{sum(match_key(t) in trained for t, _ in rows)}.", "",
             "| intent | n | accuracy |", "|---|---:|---:|"]
    lines += [f"| {i} | {len(v)} | {sum(v) / len(v):.1%} |" for i, v in sorted(exact.items())]
    lines += ["", "Main confusions (true → predicted, count):", ""]
    lines += [f"- {t} → {p}: {n}" for (t, p), n in confusions.most_common(12)] or ["- none"]
    if errors:
        lines += ["", "Misses:", ""] + [f"- {t} → {p}: {x}" for t, p, x in sorted(misses)]
    return Section(f"NLU: intent accuracy on our English development set {path.name}",
                   "\n".join(lines),
                   {"accuracy": total, "group_accuracy": sum(grouped) / len(grouped)})


def run_all(parse: Callable[[str], dict], errors: bool = False) -> List[Section]:
    return [run(parse, path, errors) for path in DEV_SETS]


def main() -> int:
    import argparse
    import asyncio
    import logging

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", required=True)
    parser.add_argument("--errors", action="store_true")
    args = parser.parse_args()
    logging.disable(logging.INFO)
    import structlog  # Rasa's structured debug lines (parse_data_text=...) bypass logging

    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))
    from rasa.core.agent import Agent

    agent = Agent.load(args.model)
    loop = asyncio.new_event_loop()
    for section in run_all(lambda text: loop.run_until_complete(agent.parse_message(text)),
                           args.errors):
        print(f"## {section.title}\n\n{section.body}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
