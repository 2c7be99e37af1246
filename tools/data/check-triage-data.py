#!/usr/bin/env python3
"""Validate the multilingual triage training set (data/triage/).

Checks every line of data/triage/messages/<lang>.jsonl and data/triage/heldout/<lang>.jsonl:
valid JSON object written as real UTF-8 (no \\u escapes for non-ASCII), required fields, known
intent/lang/channel/label values, `lang` matching the file name, no duplicate texts within a file
or between the training and held-out splits, and minimum counts per language and intent. Prints a
language x intent table for each split and exits 1 when anything is wrong.

Usage: tools/data/check-triage-data.py [--root DIR] [--partial] [--quiet]
  --partial  languages with no files yet are reported but not counted as errors
"""

import argparse
import json
import re
import sys
import unicodedata
from pathlib import Path

INTENTS = [
    "order_status", "return_refund", "billing", "account", "cancellation", "complaint",
    "technical_issue", "product_question", "feature_request", "warranty", "appointment",
    "human_agent", "no_action",
]
LANGS = ["en", "ja", "ko", "zh-Hans", "zh-Hant", "pt-BR", "es", "ar", "de", "fr", "id", "hi",
         "hi-Latn", "th", "vi", "tr"]
BIG_LANGS = {"en", "es", "pt-BR", "ja"}
CHANNELS = {"whatsapp", "line", "kakaotalk", "wechat", "messenger", "instagram", "sms", "webchat",
            "email", "telegram"}
OPTIONAL = {
    "sentiment": {"negative", "neutral", "positive"},
    "urgency": {"low", "normal", "high", "urgent"},
    "churn_risk": {"low", "medium", "high"},
}
REQUIRED = ["text", "intent", "lang", "channel"]

MIN_TRAIN_PER_INTENT = 4
MIN_TRAIN_PER_LANG = 60
MIN_TRAIN_BIG_LANG = 100
MIN_HELDOUT_PER_INTENT = 2

# A \uXXXX escape for a non-ASCII code point means the file was not written as real UTF-8.
NON_ASCII_ESCAPE = re.compile(r"(?<!\\)(?:\\\\)*\\u(?!00[0-7][0-9a-fA-F])[0-9a-fA-F]{4}")

SHORT = {
    "order_status": "order", "return_refund": "refund", "billing": "bill", "account": "acct",
    "cancellation": "cancel", "complaint": "compl", "technical_issue": "tech",
    "product_question": "prodq", "feature_request": "feat", "warranty": "warr",
    "appointment": "appt", "human_agent": "human", "no_action": "noact",
}


def normalise(text):
    """Key for duplicate detection: NFKC, case-folded, whitespace and punctuation collapsed."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = "".join(" " if unicodedata.category(c)[0] in "PZC" else c for c in text)
    return " ".join(text.split())


def check_file(path, lang, problems):
    """Returns the list of (line number, record) that passed every per-line check."""
    records = []
    try:
        raw = path.read_bytes()
    except OSError as e:
        problems.append(f"{path}: cannot read ({e})")
        return records
    try:
        content = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        problems.append(f"{path}: not valid UTF-8 at byte {e.start}")
        return records
    if content and not content.endswith("\n"):
        problems.append(f"{path}: last line has no newline")
    for number, line in enumerate(content.split("\n"), 1):
        if line == "" and number == content.count("\n") + 1:
            break
        where = f"{path}:{number}"
        if not line.strip():
            problems.append(f"{where}: empty line")
            continue
        if NON_ASCII_ESCAPE.search(line):
            problems.append(f"{where}: \\u escape for a non-ASCII character (write real UTF-8)")
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as e:
            problems.append(f"{where}: invalid JSON ({e.msg} at column {e.colno})")
            continue
        if not isinstance(rec, dict):
            problems.append(f"{where}: not a JSON object")
            continue
        ok = True
        for field in REQUIRED:
            value = rec.get(field)
            if not isinstance(value, str) or not value.strip():
                problems.append(f"{where}: /{field} missing or not a non-empty string")
                ok = False
        if not ok:
            continue
        for field in rec:
            if field not in REQUIRED and field not in OPTIONAL:
                problems.append(f"{where}: /{field} is not a known field")
                ok = False
        if rec["intent"] not in INTENTS:
            problems.append(f"{where}: /intent '{rec['intent']}' is not in the taxonomy")
            ok = False
        if rec["lang"] != lang:
            problems.append(f"{where}: /lang '{rec['lang']}' does not match file language '{lang}'")
            ok = False
        if rec["channel"] not in CHANNELS:
            problems.append(f"{where}: /channel '{rec['channel']}' is not a known channel")
            ok = False
        for field, allowed in OPTIONAL.items():
            if field in rec and rec[field] not in allowed:
                problems.append(f"{where}: /{field} '{rec[field]}' not one of {sorted(allowed)}")
                ok = False
        if rec["text"] != rec["text"].strip():
            problems.append(f"{where}: /text has leading or trailing whitespace")
            ok = False
        if ok:
            records.append((number, rec))
    return records


def table(title, counts, langs, out):
    cols = INTENTS
    out.write(f"\n{title}\n")
    header = f"{'lang':8}" + "".join(f"{SHORT[c]:>7}" for c in cols) + f"{'total':>7}\n"
    out.write(header)
    col_totals = [0] * len(cols)
    for lang in langs:
        row = counts.get(lang, {})
        values = [row.get(c, 0) for c in cols]
        col_totals = [a + b for a, b in zip(col_totals, values)]
        out.write(f"{lang:8}" + "".join(f"{v:>7}" for v in values) + f"{sum(values):>7}\n")
    out.write(f"{'total':8}" + "".join(f"{v:>7}" for v in col_totals)
              + f"{sum(col_totals):>7}\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    default_root = Path(__file__).resolve().parents[2] / "data" / "triage"
    parser.add_argument("--root", type=Path, default=default_root)
    parser.add_argument("--partial", action="store_true",
                        help="do not fail on languages whose files are absent")
    parser.add_argument("--quiet", action="store_true", help="print problems only")
    args = parser.parse_args()

    problems = []
    notes = []
    counts = {"messages": {}, "heldout": {}}
    seen = {}  # normalised text -> first location
    present = []
    for lang in LANGS:
        files = {split: args.root / split / f"{lang}.jsonl" for split in counts}
        missing = [str(p) for p in files.values() if not p.exists()]
        if missing:
            (notes if args.partial else problems).append(
                f"{lang}: missing {', '.join(missing)}")
            if len(missing) == len(files):
                continue
        present.append(lang)
        for split, path in files.items():
            if not path.exists():
                continue
            for number, rec in check_file(path, lang, problems):
                key = normalise(rec["text"])
                where = f"{path}:{number}"
                if key in seen:
                    problems.append(f"{where}: duplicate of {seen[key]}")
                else:
                    seen[key] = where
                row = counts[split].setdefault(lang, {})
                row[rec["intent"]] = row.get(rec["intent"], 0) + 1
        train = counts["messages"].get(lang, {})
        held = counts["heldout"].get(lang, {})
        if files["messages"].exists():
            need = MIN_TRAIN_BIG_LANG if lang in BIG_LANGS else MIN_TRAIN_PER_LANG
            if sum(train.values()) < need:
                problems.append(f"{lang}: {sum(train.values())} training messages, need >= {need}")
            for intent in INTENTS:
                if train.get(intent, 0) < MIN_TRAIN_PER_INTENT:
                    problems.append(f"{lang}: {train.get(intent, 0)} training '{intent}', "
                                    f"need >= {MIN_TRAIN_PER_INTENT}")
        if files["heldout"].exists():
            for intent in INTENTS:
                if held.get(intent, 0) < MIN_HELDOUT_PER_INTENT:
                    problems.append(f"{lang}: {held.get(intent, 0)} held-out '{intent}', "
                                    f"need >= {MIN_HELDOUT_PER_INTENT}")
    for extra_dir in counts:
        d = args.root / extra_dir
        if d.is_dir():
            for p in sorted(d.glob("*.jsonl")):
                if p.stem not in LANGS:
                    problems.append(f"{p}: '{p.stem}' is not a configured language")

    if not args.quiet:
        table("training (data/triage/messages)", counts["messages"], present, sys.stdout)
        table("held-out (data/triage/heldout)", counts["heldout"], present, sys.stdout)
        for note in notes:
            print(f"note: {note}")
    for problem in problems:
        print(f"error: {problem}", file=sys.stderr)
    if problems:
        print(f"{len(problems)} problem(s)", file=sys.stderr)
        return 1
    if not args.quiet:
        print(f"\nok: {len(present)} language(s), "
              f"{sum(sum(r.values()) for r in counts['messages'].values())} training, "
              f"{sum(sum(r.values()) for r in counts['heldout'].values())} held-out")
    return 0


if __name__ == "__main__":
    sys.exit(main())
