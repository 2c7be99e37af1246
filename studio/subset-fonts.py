#!/usr/bin/env python3
"""The Studio's CJK faces cut down to the text it ships with (build step, cmake/wasm.cmake).

Noto Sans CJK is a 19 MB collection; the first open needs only the glyphs of the UI strings, the
demo pack, the fill values and the demo exports. This writes, with Debian's fonttools (pyftsubset's
library), the Japanese (0), Korean (1), Simplified Chinese (2) and Traditional Chinese (3) faces
of the collection (one per locale: the same Han code point has a different glyph in each) subset to those
characters plus every kana, CJK punctuation and full-width form (cheap, and what a designer types
first), and the covered code points as UTF-8 text: the app fetches the full collection only when
text needs a CJK character outside them (studio/fonts.cpp).

With --emoji (Debian's fonts-symbola, monochrome outlines: ImGui's stb_truetype draws no colour
emoji), it also writes that font subset to the emoji of the text plus the common ones (EMOJI_ALWAYS).

usage: subset-fonts.py --collection NotoSansCJK-Regular.ttc [--emoji Symbola_hint.ttf] --out DIR TEXT_FILE...
"""
import argparse
import os
import sys

from fontTools import subset
from fontTools.ttLib import TTCollection, TTFont

# Always in the subset: kana, CJK symbols and punctuation, full-width and half-width forms.
ALWAYS = [(0x3000, 0x30FF), (0x31F0, 0x31FF), (0xFF00, 0xFFEF)]
# Emoji blocks (what the emoji fallback may draw), and the emoji always in its subset: the smileys,
# hands, hearts, check marks and stars a reply is most likely to carry.
EMOJI_BLOCKS = [(0x2600, 0x27BF), (0x2B00, 0x2BFF), (0x1F000, 0x1FAFF)]
EMOJI_ALWAYS = [(0x1F600, 0x1F64F), (0x1F44B, 0x1F450), (0x2764, 0x2764), (0x2705, 0x2705), (0x274C, 0x274C),
                (0x2B50, 0x2B50), (0x1F389, 0x1F389), (0x1F4E6, 0x1F4E6), (0x1F69A, 0x1F69A), (0x1F525, 0x1F525),
                (0x1F499, 0x1F49C), (0x1F4AF, 0x1F4AF), (0x1F914, 0x1F917), (0x1F970, 0x1F970)]
FACES = {"jp": 0, "kr": 1, "sc": 2, "tc": 3}  # Noto Sans CJK Regular collection: JP, KR, SC, TC, HK


def text_code_points(paths):
    points = set()
    for path in paths:
        with open(path, encoding="utf-8") as f:
            points.update(ord(c) for c in f.read())
    for lo, hi in ALWAYS:
        points.update(range(lo, hi + 1))
    return {p for p in points if p >= 0x20}


def subset_font(font, points, out):
    options = subset.Options()
    options.layout_features = []   # ImGui neither shapes nor substitutes: no GSUB/GPOS needed
    options.hinting = False
    options.name_IDs = [1, 2]
    options.drop_tables += ["VORG", "vhea", "vmtx", "BASE", "DSIG"]
    sub = subset.Subsetter(options=options)
    sub.populate(unicodes=points)
    sub.subset(font)
    font.save(out)
    print(f"{out}: {len(points)} code points, {os.path.getsize(out)} bytes", file=sys.stderr)


def in_ranges(p, ranges):
    return any(lo <= p <= hi for lo, hi in ranges)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--collection", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--emoji", help="a monochrome emoji font (fonts-symbola) to subset as well")
    ap.add_argument("texts", nargs="+")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    wanted = text_code_points(args.texts)
    collection = TTCollection(args.collection)
    covered = set()
    for name, index in FACES.items():
        font = collection.fonts[index]
        cmap = font.getBestCmap()
        points = sorted(p for p in wanted if p in cmap)
        covered.update(points)
        subset_font(font, points, os.path.join(args.out, f"NotoSansCJK{name}-subset.otf"))
    if args.emoji:
        font = TTFont(args.emoji)
        cmap = font.getBestCmap()
        points = sorted(p for p in wanted | {p for lo, hi in EMOJI_ALWAYS for p in range(lo, hi + 1)}
                        if in_ranges(p, EMOJI_BLOCKS) and p in cmap)
        subset_font(font, points, os.path.join(args.out, "Symbola-subset.ttf"))
    # Only CJK characters decide whether the full face is needed (studio/fonts.cpp): the rest
    # come from the Latin and Arabic faces, which ship whole.
    with open(os.path.join(args.out, "cjk-subset.txt"), "w", encoding="utf-8") as f:
        f.write("".join(chr(p) for p in sorted(covered) if p >= 0x2E80))


if __name__ == "__main__":
    main()
