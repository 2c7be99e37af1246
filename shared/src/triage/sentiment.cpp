// Sentiment from the lexicon compiled into the model (AFINN, its machine translations, VADER,
// emoji), with negation and emphasis; anger from its own cues, shouting and angry emoji.
#include "cues.h"

#include "parley/text.h"
#include "parley/triage.h"

#include <algorithm>
#include <cmath>

namespace parley::triage {
namespace {
int lookup(const Model& m, std::string_view term) {
  std::uint32_t key = hash_key('l', term);
  auto it = std::lower_bound(m.lexicon_keys.begin(), m.lexicon_keys.end(), key);
  if (it == m.lexicon_keys.end() || *it != key) return 0;
  return m.lexicon_scores[static_cast<std::size_t>(it - m.lexicon_keys.begin())];
}

bool unspaced(char32_t c) {
  return (c >= 0x3040 && c <= 0x30FF) || (c >= 0x3400 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) ||
         (c >= 0x0E00 && c <= 0x0E7F) || (c >= 0x20000 && c <= 0x2FFFF);
}
bool emoji(char32_t c) { return (c >= 0x1F000 && c <= 0x1FAFF) || (c >= 0x2600 && c <= 0x27BF); }
bool letter(char32_t c) { return !(c < 0x80 && !((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '\'')) && !unspaced(c) && !emoji(c) && !(c >= 0x2000 && c <= 0x2BFF) && !(c >= 0x3000 && c <= 0x303F) && c != 0xFE0F; }

std::string utf8(const std::vector<char32_t>& cps, std::size_t a, std::size_t n) {
  std::string s;
  for (std::size_t i = a; i < a + n; ++i) text::append_utf8(s, cps[i]);
  return s;
}

const std::vector<std::string>& negators() {
  static const auto n = cues::prepare({"not", "no", "never", "don't", "dont", "doesn't", "doesnt", "isn't", "isnt", "wasn't", "can't",
      "cannot", "won't", "didn't", "didnt", "nicht", "kein", "keine", "nie", "nunca", "nada", "ni", "pas", "jamais", "plus",
      "não", "nao", "nem", "tidak", "bukan", "gak", "nggak", "değil", "không", "chẳng", "ไม่", "안", "못", "لا", "ليس", "لم",
      "नहीं", "nahi", "nahin", "non"});
  return n;
}
}  // namespace

Sentiment sentiment(const Model& m, std::string_view normalized, std::string_view original, const std::vector<Feature>* features) {
  Sentiment out;
  std::vector<char32_t> cps;
  for (std::size_t i = 0; i < normalized.size();) cps.push_back(text::next_code_point(normalized, i));
  double sum = 0;
  std::vector<std::string> words;  // previous words, for negation
  std::size_t i = 0;
  while (i < cps.size()) {
    char32_t c = cps[i];
    if (emoji(c)) {
      int s = lookup(m, utf8(cps, i, 1));
      if (s) { sum += s; out.cues.push_back(utf8(cps, i, 1)); }
      ++i;
      continue;
    }
    if (unspaced(c)) {
      // Longest lexicon term starting here (ja/zh/th have no spaces to split on).
      std::size_t best = 0;
      int score = 0;
      for (std::size_t n = std::min<std::size_t>(6, cps.size() - i); n >= 1; --n) {
        bool all = true;
        for (std::size_t j = i; j < i + n; ++j) all = all && unspaced(cps[j]);
        if (!all) continue;
        if (int s = lookup(m, utf8(cps, i, n))) { best = n; score = s; break; }
      }
      if (best) {
        // Negation after the term (ja: 良くない, 満足できません) or before it (zh: 不好, 没有用).
        std::string after = utf8(cps, i + best, std::min<std::size_t>(4, cps.size() - i - best));
        bool neg = after.find("ない") != std::string::npos || after.find("ません") != std::string::npos ||
                   after.find("なかった") != std::string::npos;
        if (i > 0 && (cps[i - 1] == U'不' || cps[i - 1] == U'没' || cps[i - 1] == U'沒' || cps[i - 1] == U'別' || cps[i - 1] == U'别')) neg = true;
        sum += neg ? -0.74 * score : score;
        out.cues.push_back(utf8(cps, i, best));
        i += best;
      } else {
        ++i;
      }
      continue;
    }
    if (!letter(c)) { ++i; continue; }
    std::size_t j = i;
    while (j < cps.size() && letter(cps[j])) ++j;
    std::string w = utf8(cps, i, j - i);
    int s = lookup(m, w);
    if (!s && !words.empty()) {  // two-word entries ("not good" is negation; "rip off" is a term)
      if (int s2 = lookup(m, words.back() + " " + w)) { s = s2; }
    }
    if (s) {
      bool neg = false;
      for (std::size_t b = words.size(), n = 0; b > 0 && n < 3; --b, ++n)
        for (const auto& x : negators()) neg = neg || words[b - 1] == x;
      sum += neg ? -0.74 * s : s;
      out.cues.push_back(neg ? "not " + w : w);
    }
    words.push_back(std::move(w));
    i = j;
  }
  // Emphasis: exclamation marks push the score further the way it already leans (as VADER does).
  std::size_t bangs = static_cast<std::size_t>(std::count(original.begin(), original.end(), '!'));
  if (sum != 0) sum += (sum > 0 ? 1 : -1) * 0.292 * static_cast<double>(std::min<std::size_t>(bangs, 4));
  out.score = std::round(sum / std::sqrt(sum * sum + 15.0) * 1000) / 1000;
  out.label = out.score >= 0.05 ? "positive" : out.score <= -0.05 ? "negative" : "neutral";
  if (m.tone) {  // learned from labelled support messages: on them it beats the lexicon (src/triage/README.md)
    // Featurising is most of a prediction's cost: reuse the intent model's when the configs agree.
    const bool shared = features && m.tone->features == m.features;
    std::vector<double> probs = probabilities(*m.tone, scores(*m.tone, shared ? *features : featurize(normalized, m.tone->features)));
    const int pos = m.tone->label_index("positive"), neg = m.tone->label_index("negative");
    double lean = (pos >= 0 ? probs[std::size_t(pos)] : 0) - (neg >= 0 ? probs[std::size_t(neg)] : 0);
    out.score = std::round(lean * 1000) / 1000;
    out.label = m.tone->labels[std::size_t(std::max_element(probs.begin(), probs.end()) - probs.begin())];
  }

  // Anger: explicit cues, shouting (mostly upper case), repeated '!', angry emoji.
  static const auto anger = cues::prepare({"angry", "furious", "outraged", "pissed", "ridiculous", "unacceptable", "disgusting",
      "disgrace", "scam", "scammers", "fraud", "rip off", "ripoff", "fed up", "sick of", "wtf", "worst", "pathetic", "useless",
      "joke", "shame on you", "wütend", "sauer", "unverschämt", "frechheit", "inakzeptabel", "betrug", "skandal",
      "enojado", "enfadado", "furioso", "harto", "inaceptable", "estafa", "vergüenza", "indignante", "raiva", "absurdo",
      "palhaçada", "vergonha", "golpe", "inaceitável", "revoltado", "revoltada", "furieux", "furieuse", "inadmissible",
      "scandaleux", "inacceptable", "honte", "arnaque", "en colère", "marre", "ふざけ", "怒", "最悪", "ありえない",
      "いい加減にして", "詐欺", "腹が立", "生气", "愤怒", "垃圾", "骗子", "太过分", "气死", "憤怒", "騙子", "氣死",
      "화가", "짜증", "최악", "어이없", "사기", "열받", "غاضب", "مستفز", "احتيال", "نصب", "مهزلة", "गुस्सा", "बकवास",
      "bakwas", "ghatiya", "धोखा", "marah", "kesal", "penipuan", "parah banget", "โกรธ", "แย่มาก", "โกง", "tức giận",
      "bực", "lừa đảo", "quá tệ", "sinir*", "rezalet*", "kabul edilemez", "dolandırıcı*", "berbat"});
  auto found = cues::find(normalized, anger);
  std::size_t upper = 0, letters = 0;
  for (unsigned char ch : original) {
    if (ch >= 'A' && ch <= 'Z') ++upper, ++letters;
    else if (ch >= 'a' && ch <= 'z') ++letters;
  }
  bool shouting = letters >= 12 && upper * 10 >= letters * 7;
  std::size_t angry_emoji = 0;
  for (std::size_t k = 0; k < original.size();) {
    char32_t c = text::next_code_point(original, k);
    if (c == 0x1F621 || c == 0x1F92C || c == 0x1F620 || c == 0x1F4A2 || c == 0x1F624) ++angry_emoji;
  }
  double a = 0.4 * double(std::min<std::size_t>(found.size(), 2)) + (shouting ? 0.25 : 0) + (bangs >= 3 ? 0.15 : 0) +
             (angry_emoji ? 0.35 : 0) + (out.score <= -0.5 ? 0.1 : 0);
  out.anger = std::round(std::min(1.0, a) * 1000) / 1000;
  for (auto& f : found) out.cues.push_back("anger:" + f);
  if (shouting) out.cues.push_back("anger:shouting");
  return out;
}
}  // namespace parley::triage
