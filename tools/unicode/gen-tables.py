#!/usr/bin/env python3
"""Generate shared/src/text/ucd_tables.cpp from the Unicode Character Database.

Reads GraphemeBreakProperty.txt, emoji-data.txt, Scripts.txt, IndicSyllabicCategory.txt and
DerivedCombiningClass.txt (Debian package `unicode-data`, default /usr/share/unicode) and writes
one compact table: every run of code points with the same class, packed as (first << 5) | class
in a sorted uint32_t array, looked up by binary search (LV and LVT syllables, which alternate, as
one run split by arithmetic). The classes are Grapheme_Cluster_Break's, with Extended_Pictographic
as a class of its own, split further for the Indic conjunct rule ICU 72 applies (CLDR's GB9c,
before Unicode 15.1 took it up; ICU's data/brkitr/rules/char.txt):
  LinkingConsonant  Other, Indic_Syllabic_Category=Consonant in Deva Beng Gujr Orya Telu Mlym
  Virama            Extend, Indic_Syllabic_Category=Virama in the same scripts
  ExtendCcc         the rest of Extend with a non-zero Canonical_Combining_Class
A second table gives each code point's letter script, for language identification
(extracted/DerivedGeneralCategory.txt, Scripts.txt, ScriptExtensions.txt): not a letter, a mark
(M*, belongs to the letter before it), or a letter (L*) of one of the writing systems Parley tells
apart (LETTER_SCRIPTS); a Common/Inherited letter takes its Script_Extensions when they all map to
one of them. A third is the simple case folding (CaseFolding.txt, statuses C and S). A fourth
gives what decides whether ZWJ/ZWNJ are part of the spelling (RFC 5892's CONTEXTJ rules and
Unicode's chapter 23.2): Joining_Type (ArabicShaping.txt; unlisted Mn, Me and Cf are Transparent)
and Canonical_Combining_Class 9 (Virama), which takes precedence.
The output depends only on the input files, so the committed file is reproduced byte for byte.

usage: gen-tables.py [--ucd DIR] [--out FILE]   (--out - writes to stdout)
"""
import argparse
import os
import re
import sys

# Order is the C++ enum's order (parley::text::ucd::Gcb); Other must stay 0.
CLASSES = ["Other", "CR", "LF", "Control", "Extend", "ZWJ", "Regional_Indicator", "Prepend",
           "SpacingMark", "L", "V", "T", "LV", "LVT", "Extended_Pictographic",
           "LinkingConsonant", "Virama", "ExtendCcc"]
CONJUNCT_SCRIPTS = {"Devanagari", "Bengali", "Gujarati", "Oriya", "Telugu", "Malayalam"}
# Order is the C++ enum's order (parley::text::ucd::LetterScript); none must stay 0.
LETTER_SCRIPTS = ["none", "mark", "latin", "greek", "cyrillic", "hebrew", "arabic", "devanagari", "thai",
                  "hangul", "kana", "han", "other"]
SCRIPT_OF = {"Latin": "latin", "Greek": "greek", "Cyrillic": "cyrillic", "Hebrew": "hebrew", "Arabic": "arabic",
             "Devanagari": "devanagari", "Thai": "thai", "Hangul": "hangul", "Hiragana": "kana", "Katakana": "kana",
             "Han": "han"}
# Order is the C++ enum's order (parley::text::ucd::Joining); none must stay 0.
JOINING = ["none", "transparent", "left", "dual", "right", "causing", "virama"]
JOINING_OF = {"U": "none", "T": "transparent", "L": "left", "D": "dual", "R": "right", "C": "causing"}
SCX_OF = {"Latn": "latin", "Grek": "greek", "Cyrl": "cyrillic", "Hebr": "hebrew", "Arab": "arabic", "Deva": "devanagari",
          "Thai": "thai", "Hang": "hangul", "Hira": "kana", "Kana": "kana", "Hani": "han"}
MAX_CP = 0x10FFFF
HANGUL_FIRST, HANGUL_LAST = 0xAC00, 0xD7A3


def parse(path, wanted=None):
    """Yield (first, last, value) from a UCD property file."""
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            cps, value = [p.strip() for p in line.split(";")[:2]]
            if wanted and value not in wanted:
                continue
            lo, _, hi = cps.partition("..")
            yield int(lo, 16), int(hi or lo, 16), value


def version(path):
    with open(path, encoding="utf-8") as f:
        m = re.match(r"# \S+-(\d+)\.(\d+)\.(\d+)\.txt", f.readline())
    if not m:
        sys.exit(f"{path}: no version in the first line")
    return tuple(int(x) for x in m.groups())


def emoji_version(path):
    with open(path, encoding="utf-8") as f:
        for line in f:
            m = re.match(r"# Used with Emoji Version (\d+)\.(\d+)", line)
            if m:
                return tuple(int(x) for x in m.groups())
    sys.exit(f"{path}: no emoji version")


def array(out, runs, item_of=lambda first, c: f" 0x{(first << 5) | c:x},"):
    line = "   "
    for first, c in runs:
        item = item_of(first, c)
        if len(line) + len(item) > 100:
            out.append(line + "\n")
            line = "   "
        line += item
    out.append(line + "\n};\n")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ucd", default="/usr/share/unicode")
    ap.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "..", "..",
                                                  "shared", "src", "text", "ucd_tables.cpp"))
    args = ap.parse_args()
    gbp = os.path.join(args.ucd, "auxiliary", "GraphemeBreakProperty.txt")
    emoji = os.path.join(args.ucd, "emoji", "emoji-data.txt")
    ver = version(gbp)
    if ver[:2] != (15, 0):
        # ICU 72 (Debian bookworm) is Unicode 15.0; both cores must answer alike.
        sys.exit(f"{gbp}: Unicode {'.'.join(map(str, ver))}, expected 15.0 to match ICU 72")

    for name in ("Scripts.txt", "IndicSyllabicCategory.txt", os.path.join("extracted", "DerivedCombiningClass.txt")):
        if version(os.path.join(args.ucd, name)) != ver:
            sys.exit(f"{name}: not Unicode {'.'.join(map(str, ver))}")
    if emoji_version(emoji) != ver[:2]:
        sys.exit(f"{emoji}: emoji version {emoji_version(emoji)} is not Unicode {ver[:2]}")

    cls = bytearray(MAX_CP + 1)  # 0 = Other
    for lo, hi, v in parse(gbp):
        for cp in range(lo, hi + 1):
            cls[cp] = CLASSES.index(v)
    pict = CLASSES.index("Extended_Pictographic")
    for lo, hi, _ in parse(emoji, {"Extended_Pictographic"}):
        for cp in range(lo, hi + 1):
            # Extended_Pictographic is disjoint from every other class in 15.0; folding it in
            # relies on that, so stop rather than lose a property.
            if cls[cp] not in (0, pict):
                sys.exit(f"U+{cp:04X}: Extended_Pictographic and {CLASSES[cls[cp]]}")
            cls[cp] = pict

    script = {}
    for lo, hi, v in parse(os.path.join(args.ucd, "Scripts.txt"), CONJUNCT_SCRIPTS):
        for cp in range(lo, hi + 1):
            script[cp] = v
    ccc = {}
    for lo, hi, v in parse(os.path.join(args.ucd, "extracted", "DerivedCombiningClass.txt")):
        for cp in range(lo, hi + 1):
            ccc[cp] = int(v)
    extend, other = CLASSES.index("Extend"), CLASSES.index("Other")
    for cp in range(MAX_CP + 1):
        if cls[cp] == extend and ccc.get(cp, 0) != 0:
            cls[cp] = CLASSES.index("ExtendCcc")
    for lo, hi, v in parse(os.path.join(args.ucd, "IndicSyllabicCategory.txt"), {"Consonant", "Virama"}):
        for cp in range(lo, hi + 1):
            if cp not in script:
                continue
            want = (other, "LinkingConsonant") if v == "Consonant" else (CLASSES.index("ExtendCcc"), "Virama")
            # The rule's classes refine Other and Extend(ccc != 0); anything else would be lost.
            if cls[cp] != want[0]:
                sys.exit(f"U+{cp:04X}: {v} is {CLASSES[cls[cp]]}, expected {CLASSES[want[0]]}")
            cls[cp] = CLASSES.index(want[1])

    # Precomposed Hangul syllables alternate LV and LVT 399 times: stored as one LV run and told
    # apart by Unicode's syllable arithmetic (chapter 3.12), checked here against the data.
    lv, lvt = CLASSES.index("LV"), CLASSES.index("LVT")
    for cp in range(MAX_CP + 1):
        if cls[cp] in (lv, lvt):
            if not HANGUL_FIRST <= cp <= HANGUL_LAST or (cls[cp] == lv) != ((cp - HANGUL_FIRST) % 28 == 0):
                sys.exit(f"U+{cp:04X}: {CLASSES[cls[cp]]} breaks the Hangul syllable arithmetic")
            cls[cp] = lv

    runs = []
    for cp in range(MAX_CP + 1):
        if cp == 0 or cls[cp] != cls[cp - 1]:
            runs.append((cp, cls[cp]))

    # The widget core's sanitizer only asks GB11's question (ExtPict? Extend?): a smaller table of
    # its own keeps the full one out of the widget (LTO drops what nothing calls).
    part = bytearray(MAX_CP + 1)
    extends = {CLASSES.index(c) for c in ("Extend", "Virama", "ExtendCcc")}
    for cp in range(MAX_CP + 1):
        part[cp] = 1 if cls[cp] in extends else 2 if cls[cp] == pict else 0
    part_runs = [(cp, part[cp]) for cp in range(MAX_CP + 1) if cp == 0 or part[cp] != part[cp - 1]]

    # Letter scripts.
    for name in ("ScriptExtensions.txt", os.path.join("extracted", "DerivedGeneralCategory.txt"), "CaseFolding.txt"):
        if version(os.path.join(args.ucd, name)) != ver:
            sys.exit(f"{name}: not Unicode {'.'.join(map(str, ver))}")
    letter = bytearray(MAX_CP + 1)
    gc = {}
    for lo, hi, v in parse(os.path.join(args.ucd, "extracted", "DerivedGeneralCategory.txt")):
        for cp in range(lo, hi + 1):
            gc[cp] = v
    all_scripts = {}
    for lo, hi, v in parse(os.path.join(args.ucd, "Scripts.txt")):
        for cp in range(lo, hi + 1):
            all_scripts[cp] = v
    scx = {}
    for lo, hi, v in parse(os.path.join(args.ucd, "ScriptExtensions.txt")):
        for cp in range(lo, hi + 1):
            scx[cp] = v.split()
    for cp, g in gc.items():
        if g[0] == "M":
            letter[cp] = LETTER_SCRIPTS.index("mark")
        elif g[0] == "L":
            name = SCRIPT_OF.get(all_scripts.get(cp, "Unknown"))
            if name is None and all_scripts.get(cp) in ("Common", "Inherited") and cp in scx:
                mapped = {SCX_OF.get(x) for x in scx[cp]}
                if len(mapped) == 1 and None not in mapped:
                    name = mapped.pop()
            letter[cp] = LETTER_SCRIPTS.index(name or "other")
    letter_runs = [(cp, letter[cp]) for cp in range(MAX_CP + 1) if cp == 0 or letter[cp] != letter[cp - 1]]

    # Joining: Virama first (ccc 9), else Joining_Type.
    if version(os.path.join(args.ucd, "ArabicShaping.txt")) != ver:
        sys.exit(f"ArabicShaping.txt: not Unicode {'.'.join(map(str, ver))}")
    joining = bytearray(MAX_CP + 1)
    for cp, g in gc.items():
        if g in ("Mn", "Me", "Cf"):
            joining[cp] = JOINING.index("transparent")
    for line in open(os.path.join(args.ucd, "ArabicShaping.txt"), encoding="utf-8"):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        code, _, jt = [p.strip() for p in line.split(";")[:3]]
        joining[int(code, 16)] = JOINING.index(JOINING_OF[jt])
    for cp, c in ccc.items():
        if c == 9:
            joining[cp] = JOINING.index("virama")
    joining_runs = [(cp, joining[cp]) for cp in range(MAX_CP + 1) if cp == 0 or joining[cp] != joining[cp - 1]]

    # Simple case folding: (code point, folded) pairs, sorted.
    folds = []
    for line in open(os.path.join(args.ucd, "CaseFolding.txt"), encoding="utf-8"):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        code, status, mapping = [p.strip() for p in line.split(";")[:3]]
        if status in ("C", "S"):
            folds.append((int(code, 16), int(mapping, 16)))
    folds.sort()

    out = []
    out.append("// Generated by tools/unicode/gen-tables.py from the Unicode Character Database "
               f"{'.'.join(map(str, ver))}\n")
    out.append("// (auxiliary/GraphemeBreakProperty.txt, emoji/emoji-data.txt, Scripts.txt, IndicSyllabicCategory.txt,\n")
    out.append("// extracted/DerivedCombiningClass.txt, ScriptExtensions.txt, extracted/DerivedGeneralCategory.txt,\n")
    out.append("// CaseFolding.txt, ArabicShaping.txt). Do not edit: run the generator;\n")
    out.append("// tests/unit/text/ucd_test.cpp checks that it reproduces this file byte for byte.\n")
    out.append('#include "parley/text/ucd.h"\n\n')
    out.append("#include <algorithm>\n#include <cstddef>\n#include <cstdint>\n#include <iterator>\n\n")
    out.append("namespace parley::text::ucd {\n")
    out.append(f"const UnicodeVersion kUnicodeVersion{{{ver[0]}, {ver[1]}, {ver[2]}}};\n\n")
    out.append("namespace {\n")
    out.append(f"// {len(runs)} runs: (first code point << 5) | Gcb, sorted; a run ends where the next begins.\n")
    out.append("// U+AC00..U+D7A3 is one Gcb::lv run: its LVT syllables are found by arithmetic.\n")
    out.append("constexpr std::uint32_t kGcbRuns[] = {\n")
    array(out, runs)
    out.append(f"// {len(part_runs)} runs: (first code point << 5) | EmojiPart, the same classes reduced to GB11's.\n")
    out.append("constexpr std::uint32_t kEmojiPartRuns[] = {\n")
    array(out, part_runs)
    out.append(f"// {len(letter_runs)} runs: (first code point << 5) | LetterScript.\n")
    out.append("constexpr std::uint32_t kLetterScriptRuns[] = {\n")
    array(out, letter_runs)
    out.append(f"// {len(joining_runs)} runs: (first code point << 5) | Joining.\n")
    out.append("constexpr std::uint32_t kJoiningRuns[] = {\n")
    array(out, joining_runs)
    out.append(f"// {len(folds)} simple case foldings (statuses C and S): code point, folded, sorted by code point.\n")
    out.append("constexpr std::uint32_t kSimpleFold[][2] = {\n")
    array(out, folds, lambda a, b: f" {{0x{a:x}, 0x{b:x}}},")
    out.append("\ntemplate <std::size_t N>\n")
    out.append("std::uint32_t run_class(const std::uint32_t (&runs)[N], char32_t cp) {\n")
    out.append("  const std::uint32_t key = (static_cast<std::uint32_t>(cp) << 5) | 31;\n")
    out.append("  return *std::prev(std::upper_bound(std::begin(runs), std::end(runs), key)) & 31;\n")
    out.append("}\n}  // namespace\n\n")
    out.append("Gcb grapheme_break(char32_t cp) {\n")
    out.append("  if (cp > 0x10FFFF) return Gcb::other;\n")
    out.append("  const auto g = static_cast<Gcb>(run_class(kGcbRuns, cp));\n")
    out.append(f"  if (g == Gcb::lv && (cp - 0x{HANGUL_FIRST:X}) % 28 != 0) return Gcb::lvt;  // Hangul syllable arithmetic\n")
    out.append("  return g;\n")
    out.append("}\n\n")
    out.append("EmojiPart emoji_part(char32_t cp) {\n")
    out.append("  return cp > 0x10FFFF ? EmojiPart::other : static_cast<EmojiPart>(run_class(kEmojiPartRuns, cp));\n")
    out.append("}\n\n")
    out.append("LetterScript letter_script(char32_t cp) {\n")
    out.append("  return cp > 0x10FFFF ? LetterScript::none : static_cast<LetterScript>(run_class(kLetterScriptRuns, cp));\n")
    out.append("}\n\n")
    out.append("Joining joining(char32_t cp) {\n")
    out.append("  return cp > 0x10FFFF ? Joining::none : static_cast<Joining>(run_class(kJoiningRuns, cp));\n")
    out.append("}\n\n")
    out.append("char32_t simple_fold(char32_t cp) {\n")
    out.append("  const auto* it = std::lower_bound(std::begin(kSimpleFold), std::end(kSimpleFold), cp,\n")
    out.append("                                    [](const std::uint32_t (&e)[2], char32_t c) { return e[0] < c; });\n")
    out.append("  return it != std::end(kSimpleFold) && (*it)[0] == cp ? static_cast<char32_t>((*it)[1]) : cp;\n")
    out.append("}\n}  // namespace parley::text::ucd\n")
    text = "".join(out)
    if args.out == "-":
        sys.stdout.write(text)
    else:
        with open(args.out, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)


if __name__ == "__main__":
    main()
