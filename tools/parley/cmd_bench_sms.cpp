// `parley bench sms [--json] [--per-language N]`: SMS segments on real and adversarial texts,
// beside two baselines in the same run:
//   - the fewest segments that keep every grapheme whole, computed here from ICU's grapheme
//     iterator (independent of the core's own tables) by greedy filling, which is optimal for
//     cutting a sequence into ordered parts of bounded size;
//   - Twilio's calculator from npm (`sms-segments-calculator`, run by tools/bench/sms-peer.mjs).
// Texts: UMSAB tweets (8 languages) and xSID utterances from ../shared/data, and generated lines
// that put emoji sequences, loose emoji components, combining marks, GSM extension characters and
// CR LF on segment edges (fixed seed, so every run measures the same texts).
#include "parley/command.h"

#include <unicode/brkiter.h>
#include <unicode/unistr.h>

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <sstream>
#include <iostream>
#include <map>
#include <memory>

namespace parley::cli {
namespace {
namespace fs = std::filesystem;

struct Text {
  std::string category;
  std::string text;
};

// --- the texts ------------------------------------------------------------------------------
void read_lines(const fs::path& file, std::size_t limit, const std::string& category, std::vector<Text>& out) {
  std::ifstream in(file);
  std::string line;
  for (std::size_t n = 0; n < limit && std::getline(in, line);)
    if (!line.empty()) out.push_back({category, line}), ++n;
}

void real_texts(std::size_t per_language, std::vector<Text>& out) {
  const fs::path umsab = fs::path(shared_dir()) / "data/sentiment/umsab";
  for (const char* lang : {"arabic", "english", "french", "german", "hindi", "italian", "portuguese", "spanish"})
    read_lines(umsab / lang / "val_text.txt", per_language, "tweets", out);
  std::ifstream xsid(fs::path(shared_dir()) / "data/langid/xsid/xsid_0.7_utterances.tsv");
  std::string line;
  std::map<std::string, std::size_t> taken;
  std::getline(xsid, line);  // header
  while (std::getline(xsid, line)) {
    std::vector<std::string> cols;
    for (std::size_t at = 0;;) {
      auto tab = line.find('\t', at);
      cols.push_back(line.substr(at, tab - at));
      if (tab == std::string::npos) break;
      at = tab + 1;
    }
    if (cols.size() < 5 || taken[cols[0]] >= per_language / 4) continue;
    ++taken[cols[0]];
    out.push_back({"utterances", cols[4]});
  }
}

// Deterministic: a linear congruential generator with a fixed seed.
struct Lcg {
  std::uint64_t s = 0x5eed5eed;
  std::size_t next(std::size_t n) {
    s = s * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<std::size_t>((s >> 33) % n);
  }
};

void generated_texts(std::vector<Text>& out) {
  // Pieces that a careless splitter cuts: each is one grapheme (or, for the loose components,
  // what UAX #29 makes of them), several UTF-16 units long.
  const std::vector<std::pair<std::string, std::vector<std::string>>> pools = {
      {"emoji_sequences",
       {"👨‍👩‍👧‍👦", "👍🏽", "🇯🇵", "🇧🇷", "🏴󠁧󠁢󠁳󠁣󠁴󠁿", "1️⃣", "🧑🏿‍🚀", "❤️‍🔥", "🫱🏻‍🫲🏿", "😀", "🙏🏼", "👩‍💻"}},
      {"emoji_components", {"🏽", "\u200d", "🇦", "\ufe0f", "🏻\u200d", "\u200d🏽", "🇦🇧🇨", "\u20e3"}},
      {"combining_marks",
       {"क्षि", "स्त्री", "ที่", "ก้ำ", "بِسْمِ", "ﷺ", "각", "\u1100\u1161\u11a8", "e\u0301\u0323", "Z\u0351\u0352\u0353\u0354",
        "\u0a95\u0afa", "\u0b95\u0bcd\u0bb7", "a\u0898"}},
      {"gsm_edges", {"€", "{", "}", "[", "]", "~", "\\", "|", "^", "\r\n", "a", "é", "ñ", "Ä"}},
  };
  Lcg rng;
  const char* filler = "Your order 10023 is on its way ";
  for (const auto& [category, pool] : pools) {
    for (int i = 0; i < 120; ++i) {
      // A plain prefix of varying length moves the pieces across the segment edges.
      std::string t(filler, static_cast<std::size_t>(rng.next(31)));
      const std::size_t pieces = 10 + rng.next(category == "gsm_edges" ? 200 : 90);
      for (std::size_t k = 0; k < pieces; ++k) {
        t += pool[rng.next(pool.size())];
        if (category == "gsm_edges" && rng.next(4) == 0) t += " ";
      }
      out.push_back({category, t});
    }
  }
}

// --- the independent minimum ------------------------------------------------------------------
// GSM 03.38 from the same spec file the core's tables were compiled from, read at run time.
const std::map<char32_t, int>& gsm_table() {
  static const std::map<char32_t, int> table = [] {
    std::ifstream in(fs::path(shared_dir()) / "specs/sms-gsm0338/gsm0338.json");
    const Json spec = Json::parse(in);
    std::map<char32_t, int> t;
    for (const auto& [group, septets] : {std::pair{"basic", 1}, std::pair{"extension", 2}})
      for (const auto& c : spec[group]) t[static_cast<char32_t>(std::stoul(c["unicode"].get<std::string>().substr(2), nullptr, 16))] = septets;
    return t;
  }();
  return table;
}

int gsm_septets(char32_t cp) {
  const auto it = gsm_table().find(cp);
  return it == gsm_table().end() ? 0 : it->second;
}

struct Minimum {
  std::size_t segments = 0;
  std::string encoding;
  std::vector<std::int32_t> boundaries;  // grapheme starts, in UTF-16 offsets
};

Minimum fewest_whole(const std::string& text) {
  const icu::UnicodeString u = icu::UnicodeString::fromUTF8(text);
  bool gsm = true;
  for (int32_t i = 0; i < u.length(); i = u.moveIndex32(i, 1)) gsm = gsm && gsm_septets(u.char32At(i)) > 0;
  auto units = [&](int32_t from, int32_t to) {
    std::size_t n = 0;
    for (int32_t i = from; i < to; i = u.moveIndex32(i, 1)) n += gsm ? static_cast<std::size_t>(gsm_septets(u.char32At(i))) : U16_LENGTH(u.char32At(i));
    return n;
  };
  Minimum m;
  m.encoding = gsm ? "GSM-7" : "UCS-2";
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::BreakIterator> it(icu::BreakIterator::createCharacterInstance(icu::Locale::getRoot(), status));
  it->setText(u);
  for (int32_t b = it->first(); b != icu::BreakIterator::DONE; b = it->next()) m.boundaries.push_back(b);
  const std::size_t total = units(0, u.length());
  if (total == 0) return m;
  const std::size_t single = gsm ? 160 : 70, concat = gsm ? 153 : 67;
  if (total <= single) {
    m.segments = 1;
    return m;
  }
  std::size_t used = 0;
  m.segments = 1;
  for (std::size_t k = 0; k + 1 < m.boundaries.size(); ++k) {
    const std::size_t n = units(m.boundaries[k], m.boundaries[k + 1]);
    if (n > concat) {  // a grapheme longer than a segment cannot stay whole: count it by code point
      for (int32_t i = m.boundaries[k]; i < m.boundaries[k + 1]; i = u.moveIndex32(i, 1)) {
        const std::size_t c = units(i, u.moveIndex32(i, 1));
        if (used + c > concat) ++m.segments, used = 0;
        used += c;
      }
      continue;
    }
    if (used + n > concat) ++m.segments, used = 0;
    used += n;
  }
  return m;
}

// Does every part of Parley's answer start on one of ICU's grapheme boundaries?
bool keeps_graphemes_whole(const Json& parts, const Minimum& m) {
  int32_t at = 0;
  for (std::size_t i = 0; i + 1 < parts.size(); ++i) {
    at += icu::UnicodeString::fromUTF8(parts[i]["text"].get<std::string>()).length();
    if (!std::binary_search(m.boundaries.begin(), m.boundaries.end(), at)) return false;
  }
  return true;
}

struct SmsTally {
  long texts = 0, parley = 0, minimum = 0, peer = 0, peer_texts = 0;
  long parley_over = 0, parley_under = 0, parley_split = 0, peer_over = 0, peer_under = 0, encoding_differs = 0;
  Json to_json() const {
    Json j{{"texts", texts},
           {"segments", {{"parley", parley}, {"fewest_whole", minimum}}},
           {"parley_more_than_fewest", parley_over},
           {"parley_fewer_than_fewest", parley_under},
           {"parley_splits_a_grapheme", parley_split}};
    if (peer_texts) {
      j["segments"]["peer"] = peer;
      j["peer_more_than_fewest"] = peer_over;
      j["peer_fewer_than_fewest"] = peer_under;
      j["peer_encoding_differs"] = encoding_differs;
    }
    return j;
  }
};

int run_bench_sms(const Args& args) {
  const bool json = has_flag(args, "--json");
  const std::size_t per_language = static_cast<std::size_t>(std::stoul(option(args, "--per-language", "400")));
  std::vector<Text> texts;
  real_texts(per_language, texts);
  generated_texts(texts);

  const fs::path tmp = fs::temp_directory_path() / ("parley-bench-sms-" + std::to_string(::getpid()) + ".jsonl");
  {
    std::ofstream f(tmp);
    for (const auto& t : texts) f << Json{{"text", t.text}}.dump(-1, ' ', false, Json::error_handler_t::replace) << "\n";
  }
  const std::string script = source_dir() + "/tools/bench/sms-peer.mjs";
  const Json peer = run_node_json("node '" + script + "' '" + tmp.string() + "'");
  fs::remove(tmp);
  const bool have_peer = peer.contains("results") && peer["results"].size() == texts.size();

  std::map<std::string, SmsTally> by_category;
  SmsTally all;
  Json examples = Json::array(), peer_examples = Json::array();
  for (std::size_t i = 0; i < texts.size(); ++i) {
    const Json answer = api::call("channels.sms", Json{{"text", texts[i].text}});
    if (answer.contains("error")) continue;  // invalid UTF-8 in a source line: not an SMS
    const Minimum m = fewest_whole(texts[i].text);
    const long p = answer["segments"].get<long>(), f = static_cast<long>(m.segments);
    for (SmsTally* t : {&by_category[texts[i].category], &all}) {
      ++t->texts;
      t->parley += p, t->minimum += f;
      t->parley_over += p > f, t->parley_under += p < f;
      t->parley_split += !keeps_graphemes_whole(answer["parts"], m);
      if (have_peer) {
        const long q = peer["results"][i]["segments"].get<long>();
        ++t->peer_texts;
        t->peer += q;
        t->peer_over += q > f, t->peer_under += q < f;
        t->encoding_differs += peer["results"][i]["encoding"] != answer["encoding"];
      }
    }
    if (have_peer && peer["results"][i]["segments"].get<long>() != f && peer_examples.size() < 5)
      peer_examples.push_back({{"text", texts[i].text}, {"peer", peer["results"][i]["segments"]}, {"fewest_whole", f}});
    if (p != f && examples.size() < 5) examples.push_back({{"text", texts[i].text}, {"parley", p}, {"fewest_whole", f}});
  }
  Json result{{"texts", all.texts}, {"all", all.to_json()}, {"by_category", Json::object()}, {"parley_differs_examples", examples},
              {"peer_differs_examples", peer_examples}};
  for (const auto& [k, t] : by_category) result["by_category"][k] = t.to_json();
  result["peer"] = have_peer ? Json{{"name", peer["peer"]}, {"version", peer["version"]}}
                             : Json{{"name", "sms-segments-calculator"}, {"error", peer.value("error", std::string("no result"))}};

  std::ostringstream o;  // the table; with --json only the JSON object is printed
  o << "parley bench sms — " << all.texts << " texts; segments against the fewest that keep every grapheme whole (ICU)\n\n"
    << "category            texts  fewest  parley  (more/fewer/split)   peer  (more/fewer)\n";
  auto row = [&](const std::string& name, const SmsTally& t) {
    o << name << std::string(name.size() < 18 ? 18 - name.size() : 1, ' ') << std::setw(7) << t.texts << std::setw(8)
      << t.minimum << std::setw(8) << t.parley << "  (" << t.parley_over << "/" << t.parley_under << "/" << t.parley_split << ")";
    if (t.peer_texts) o << std::setw(13) << t.peer << "  (" << t.peer_over << "/" << t.peer_under << ")";
    o << "\n";
  };
  for (const auto& [k, t] : by_category) row(k, t);
  row("all", all);
  if (!have_peer) o << "\npeer: " << result["peer"]["error"].get<std::string>() << " (run `tools/dev bench` once to install it)\n";
  if (json) std::cout << result.dump(-1, ' ', false, Json::error_handler_t::replace) << "\n";
  else std::cout << o.str();
  return 0;
}
PARLEY_COMMAND("bench sms", run_bench_sms,
               "SMS segments vs the fewest that keep graphemes whole (ICU) and Twilio's npm calculator",
               "--json             print one JSON object with the figures\n"
               "--per-language N   tweets per UMSAB language (400; a quarter as many xSID lines)\n");
}  // namespace
}  // namespace parley::cli
