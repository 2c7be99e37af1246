// Word and sentence segmentation with ICU break iterators, plus match tokens.
//
// Native ICU carries a CJK dictionary; the wasm ICU data does not (2 MB). So that both builds give
// the same answer, Han/Kana runs are never split by the dictionary: the whole run is one "cjk" word
// and matches through overlapping character bigrams. The same holds for Lao, Khmer and Myanmar
// (no dictionaries shipped); Thai keeps ICU's dictionary, which both builds have.
#include "parley/text.h"

#include <unicode/brkiter.h>
#include <unicode/ubrk.h>
#include <unicode/uscript.h>
#include <unicode/utext.h>

#include <memory>
#include <stdexcept>

namespace parley::text {
namespace {
using Iterator = std::unique_ptr<icu::BreakIterator>;

Iterator open_iterator(bool words, UText* ut) {
  UErrorCode status = U_ZERO_ERROR;
  Iterator it(words ? icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status)
                    : icu::BreakIterator::createSentenceInstance(icu::Locale::getRoot(), status));
  if (U_FAILURE(status)) throw std::runtime_error(std::string("ICU break iterator unavailable: ") + u_errorName(status));
  it->setText(ut, status);
  if (U_FAILURE(status)) throw std::runtime_error(std::string("ICU break iterator failed: ") + u_errorName(status));
  return it;
}

// Which run a code point belongs to when it is matched by bigrams instead of dictionary words.
const char* bigram_run(char32_t cp) {
  UErrorCode status = U_ZERO_ERROR;
  UScriptCode sc = uscript_getScript(static_cast<UChar32>(cp), &status);
  switch (sc) {
    case USCRIPT_HAN: case USCRIPT_HIRAGANA: case USCRIPT_KATAKANA: return "cjk";
    case USCRIPT_LAO: case USCRIPT_KHMER: case USCRIPT_MYANMAR: return "sa";
    default: break;
  }
  // The prolonged sound mark and iteration marks are Common but belong inside a Japanese run.
  if (cp == 0x30FC || cp == 0x3005 || cp == 0x309D || cp == 0x309E || cp == 0x30FD || cp == 0x30FE) return "cjk";
  return nullptr;
}

void add_bigrams(std::string_view run, std::vector<std::string>& tokens) {
  std::vector<std::size_t> starts;
  for (std::size_t i = 0; i < run.size();) {
    starts.push_back(i);
    next_code_point(run, i);
  }
  starts.push_back(run.size());
  if (starts.size() == 2) {
    tokens.emplace_back(run);
    return;
  }
  for (std::size_t k = 0; k + 2 < starts.size(); ++k) tokens.emplace_back(run.substr(starts[k], starts[k + 2] - starts[k]));
}
}  // namespace

Segmentation segment(std::string_view s) {
  Segmentation out;
  if (s.empty()) return out;
  UErrorCode status = U_ZERO_ERROR;
  UText* ut = utext_openUTF8(nullptr, s.data(), static_cast<int64_t>(s.size()), &status);
  std::unique_ptr<UText, decltype(&utext_close)> guard(ut, &utext_close);
  if (U_FAILURE(status)) throw std::runtime_error(std::string("ICU text unavailable: ") + u_errorName(status));

  Iterator words = open_iterator(true, ut);
  for (int32_t from = words->first(), to = words->next(); to != icu::BreakIterator::DONE; from = to, to = words->next()) {
    const int32_t rule = words->getRuleStatus();
    if (rule < UBRK_WORD_NONE_LIMIT) continue;  // spaces and punctuation
    const std::size_t start = static_cast<std::size_t>(from), end = static_cast<std::size_t>(to);
    std::size_t probe = start;
    const char* run = bigram_run(next_code_point(s, probe));
    std::string kind = run ? run : rule < UBRK_WORD_NUMBER_LIMIT ? "number" : "word";
    // Join dictionary pieces of one Han/Kana (or Lao/Khmer/Myanmar) run back into the run.
    if (run && !out.words.empty() && out.words.back().kind == kind && out.words.back().start + out.words.back().length == start) {
      out.words.back().length = end - out.words.back().start;
      continue;
    }
    Word w;
    w.start = start;
    w.length = end - start;
    w.kind = kind;
    out.words.push_back(w);
  }
  for (const Word& w : out.words) {
    std::string_view piece = s.substr(w.start, w.length);
    if (w.kind == "cjk" || w.kind == "sa") add_bigrams(nfkc_casefold(piece), out.tokens);
    else out.tokens.push_back(nfkc_casefold(piece));
  }

  Iterator sentences = open_iterator(false, ut);
  for (int32_t from = sentences->first(), to = sentences->next(); to != icu::BreakIterator::DONE; from = to, to = sentences->next())
    out.sentences.push_back({static_cast<std::size_t>(from), static_cast<std::size_t>(to - from)});
  return out;
}
}  // namespace parley::text
