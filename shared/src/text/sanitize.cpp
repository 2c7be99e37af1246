// Display safety without ICU: the widget core neutralises bidi and invisible-character tricks
// before a message is rendered. The lists below are small and fixed (Unicode format controls that
// can reorder or hide text); whether a ZWJ joins an emoji sequence, and whether a joiner is part
// of a word's spelling, comes from the generated UCD tables.
#include "parley/text.h"
#include "parley/text/ucd.h"

namespace parley::text {
namespace {
const char* classify(char32_t cp) {
  if (cp == 0x202D || cp == 0x202E) return "bidi_override";               // LRO, RLO
  if (cp >= 0x202A && cp <= 0x202C) return "bidi_embedding";              // LRE, RLE, PDF
  if (cp >= 0x2066 && cp <= 0x2069) return "bidi_isolate";                // LRI, RLI, FSI, PDI
  if (cp == 0x200E || cp == 0x200F || cp == 0x061C) return "bidi_mark";   // LRM, RLM, ALM
  if ((cp >= 0x200B && cp <= 0x200D) || cp == 0x2060 || cp == 0xFEFF) return "zero_width";
  if ((cp >= 0x2061 && cp <= 0x2064) || cp == 0x00AD || cp == 0x034F || cp == 0x180E || cp == 0x115F ||
      cp == 0x1160 || cp == 0x3164 || cp == 0xFFA0 || (cp >= 0xFFF9 && cp <= 0xFFFB) ||
      (cp >= 0x1D173 && cp <= 0x1D17A) || (cp >= 0x206A && cp <= 0x206F))
    return "invisible";
  if (cp >= 0xE0000 && cp <= 0xE007F) return "tag";
  if (cp == 0x2028 || cp == 0x2029) return "line_separator";
  if ((cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') || (cp >= 0x7F && cp <= 0x9F)) return "control";
  return nullptr;
}


struct Cp {
  char32_t cp;
  std::size_t start, length;
};

// Where ZWJ and ZWNJ are part of the spelling, by RFC 5892's CONTEXTJ rules (Appendix A.1, A.2)
// and Unicode's chapter 23.2, from the generated Joining table: after a virama (Indic conjuncts
// and half forms, Sinhala, Malayalam chillu …); ZWNJ between a letter that joins forward and one
// that joins backward, transparent marks skipped (Persian half-space: می‌خواهم); ZWJ beside such
// a letter, asking for its joined form. Anywhere else a joiner only hides something.
using ucd::Joining;
bool joins_forward(Joining j) { return j == Joining::left || j == Joining::dual || j == Joining::causing; }
bool joins_backward(Joining j) { return j == Joining::right || j == Joining::dual || j == Joining::causing; }

// The nearest non-transparent neighbour's joining; another joiner vouches for nothing (ZWJ is
// join-causing in the data, so two of them would otherwise keep each other).
Joining joining_of(char32_t cp) { return cp == 0x200C || cp == 0x200D ? Joining::none : ucd::joining(cp); }
Joining joining_before(const std::vector<Cp>& cps, std::size_t k) {
  while (k > 0) {
    const Joining j = joining_of(cps[--k].cp);
    if (j != Joining::transparent) return j;
  }
  return Joining::none;
}
Joining joining_after(const std::vector<Cp>& cps, std::size_t k) {
  while (++k < cps.size()) {
    const Joining j = joining_of(cps[k].cp);
    if (j != Joining::transparent) return j;
  }
  return Joining::none;
}

bool spelling_joiner(const std::vector<Cp>& cps, std::size_t k) {
  if (k > 0 && ucd::joining(cps[k - 1].cp) == Joining::virama) return true;
  const Joining before = joining_before(cps, k), after = joining_after(cps, k);
  if (cps[k].cp == 0x200C) return joins_forward(before) && joins_backward(after);
  return joins_forward(before) || joins_backward(after);
}

// A ZWJ belongs to an emoji ZWJ sequence where UAX #29's GB11 joins across it:
// ExtPict Extend* ZWJ × ExtPict (generated tables, parley/text/ucd.h).
bool emoji_zwj(const std::vector<Cp>& cps, std::size_t zwj) {
  using ucd::EmojiPart;
  if (zwj + 1 >= cps.size() || ucd::emoji_part(cps[zwj + 1].cp) != EmojiPart::extended_pictographic) return false;
  std::size_t k = zwj;
  while (k > 0 && ucd::emoji_part(cps[k - 1].cp) == EmojiPart::extend) --k;
  return k > 0 && ucd::emoji_part(cps[k - 1].cp) == EmojiPart::extended_pictographic;
}
// FSI … PDI around text without any other bidi control or mark: what careful software (Parley's
// drafts) puts around an inserted name or number. Its content takes the direction of its own first
// letter, the way it reads anyway, so it cannot reorder anything; it only stops the text around
// it from reordering the number inside. LRI/RLI (which force a direction) and any isolate with
// other controls inside are removed like the other tricks.
std::vector<bool> clean_isolates(const std::vector<Cp>& cps) {
  std::vector<bool> keep(cps.size(), false);
  for (std::size_t k = 0; k < cps.size(); ++k) {
    if (cps[k].cp != 0x2068) continue;
    for (std::size_t j = k + 1; j < cps.size(); ++j) {
      const char32_t c = cps[j].cp;
      if (c == 0x2069) {
        keep[k] = keep[j] = true;
        k = j;
        break;
      }
      const char* t = classify(c);
      if (c == '\n' || c == '\r' || (t && std::string_view(t).rfind("bidi_", 0) == 0) || (t && std::string_view(t) == "line_separator")) break;
    }
  }
  return keep;
}
}  // namespace

Sanitized sanitize(std::string_view s) {
  std::vector<Cp> cps;
  for (std::size_t i = 0; i < s.size();) {
    std::size_t start = i;
    char32_t cp = next_code_point(s, i);
    cps.push_back({cp, start, i - start});
  }
  Sanitized out;
  out.display.reserve(s.size());
  // A tag sequence is legitimate only as a subdivision flag: U+1F3F4 tags… U+E007F.
  bool in_flag_tags = false;
  const std::vector<bool> isolate_ok = clean_isolates(cps);
  for (std::size_t k = 0; k < cps.size(); ++k) {
    const Cp& c = cps[k];
    const char* type = classify(c.cp);
    if (!type) {
      in_flag_tags = false;
      out.display.append(s.substr(c.start, c.length));
      continue;
    }
    const char32_t prev = k > 0 ? cps[k - 1].cp : 0;
    bool keep = false;
    std::string t = type;
    if (c.cp == 0x200D) keep = emoji_zwj(cps, k) || spelling_joiner(cps, k);
    else if (c.cp == 0x200C) keep = spelling_joiner(cps, k);
    else if (t == "bidi_isolate") keep = isolate_ok[k];
    else if (t == "bidi_mark") keep = true;  // harmless direction hints, common in Arabic and Hebrew text with numbers
    else if (t == "tag") {
      if (prev == 0x1F3F4) in_flag_tags = true;
      keep = in_flag_tags;
      if (c.cp == 0xE007F) in_flag_tags = false;
    } else if (t == "line_separator" || (t == "control" && c.cp == 0x85)) {
      out.display += '\n';  // a line break the page would otherwise not show
      out.findings.push_back({t, c.cp, c.start, c.length, true});
      out.changed = true;
      continue;
    }
    if (keep) {
      out.display.append(s.substr(c.start, c.length));
    } else {
      out.changed = true;
    }
    out.findings.push_back({t, c.cp, c.start, c.length, !keep});
  }
  return out;
}
}  // namespace parley::text
