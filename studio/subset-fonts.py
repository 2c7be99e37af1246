#!/usr/bin/env python3
"""The Studio's CJK faces cut down to the text it ships with (build step, cmake/wasm.cmake).

Noto Sans CJK is a 19 MB collection; the first open needs only the glyphs of the UI strings, the
demo pack, the fill values and the demo exports. This writes, with Debian's fonttools (pyftsubset's
library), the Japanese face (0) and the Korean face (1) of the collection subset to those
characters plus every kana, CJK punctuation and full-width form (cheap, and what a designer types
first), and the covered code points as UTF-8 text: the app fetches the full collection only when
text needs a CJK character outside them (studio/fonts.cpp).

usage: subset-fonts.py --collection NotoSansCJK-Regular.ttc --out DIR TEXT_FILE...
"""
import argparse
import os
import sys

from fontTools import subset
from fontTools.ttLib import TTCollection

# Always in the subset: kana, CJK symbols and punctuation, full-width and half-width forms.
ALWAYS = [(0x3000, 0x30FF), (0x31F0, 0x31FF), (0xFF00, 0xFFEF)]
FACES = {"jp": 0, "kr": 1}  # Noto Sans CJK Regular collection: JP, KR, SC, TC, HK


def text_code_points(paths):
    points = set()
    for path in paths:
        with open(path, encoding="utf-8") as f:
            points.update(ord(c) for c in f.read())
    for lo, hi in ALWAYS:
        points.update(range(lo, hi + 1))
    return {p for p in points if p >= 0x20}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--collection", required=True)
    ap.add_argument("--out", required=True)
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
        options = subset.Options()
        options.layout_features = []   # ImGui neither shapes nor substitutes: no GSUB/GPOS needed
        options.hinting = False
        options.name_IDs = [1, 2]
        options.drop_tables += ["VORG", "vhea", "vmtx", "BASE", "DSIG"]
        sub = subset.Subsetter(options=options)
        sub.populate(unicodes=points)
        sub.subset(font)
        out = os.path.join(args.out, f"NotoSansCJK{name}-subset.otf")
        font.save(out)
        print(f"{out}: {len(points)} code points, {os.path.getsize(out)} bytes", file=sys.stderr)
    # Only CJK characters decide whether the full face is needed (studio/fonts.cpp): the rest
    # come from the Latin and Arabic faces, which ship whole.
    with open(os.path.join(args.out, "cjk-subset.txt"), "w", encoding="utf-8") as f:
        f.write("".join(chr(p) for p in sorted(covered) if p >= 0x2E80))


if __name__ == "__main__":
    main()
