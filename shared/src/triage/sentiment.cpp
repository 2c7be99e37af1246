// Tone: the lexicon compiled into the model (AFINN, its machine translations, VADER, emoji) read
// with rules (negation, intensifiers, "but", elongation, exclamation), a tone classifier over the
// message's n-grams plus those rule signals, and anger as its own score from its own cues.
#include "cues.h"

#include "parley/text.h"
#include "parley/triage.h"

#include <algorithm>
#include <cmath>

namespace parley::triage {
namespace {
int lookup(const Model& m, std::string_view term) {
  if (m.lexicon_keys.empty()) return 0;
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

bool in(const std::vector<std::string>& list, const std::string& w) { return std::find(list.begin(), list.end(), w) != list.end(); }

const std::vector<std::string>& negators() {
  static const auto n = cues::prepare({"not", "no", "never", "don't", "dont", "doesn't", "doesnt", "isn't", "isnt", "wasn't", "can't",
      "cannot", "won't", "didn't", "didnt", "nicht", "kein", "keine", "nie", "nunca", "nada", "ni", "pas", "jamais", "plus",
      "não", "nao", "nem", "tidak", "bukan", "gak", "nggak", "değil", "không", "chẳng", "ไม่", "안", "못", "لا", "ليس", "لم",
      "नहीं", "nahi", "nahin", "nhi", "nai", "mat", "non", "mai", "sin", "sans", "ohne", "senza", "sem", "ما", "मत"});
  return n;
}
// Words that strengthen the next sentiment word (VADER's boosters, and their counterparts).
const std::vector<std::string>& intensifiers() {
  static const auto n = cues::prepare({"very", "so", "really", "extremely", "totally", "absolutely", "super", "too", "incredibly",
      "completely", "utterly", "truly", "most", "sehr", "total", "echt", "wirklich", "extrem", "voll", "muy", "tan", "súper",
      "realmente", "totalmente", "demasiado", "très", "trop", "vraiment", "tellement", "complètement", "molto", "troppo", "davvero",
      "proprio", "veramente", "muito", "tão", "demais", "bem", "جدا", "جداً", "كتير", "bahut", "bohot", "बहुत", "ekdum", "sangat",
      "banget", "çok", "rất", "quá", "너무", "정말", "진짜"});
  return n;
}
// "but": what follows weighs more than what came before (as VADER does).
const std::vector<std::string>& contrasts() {
  static const auto n = cues::prepare({"but", "aber", "pero", "mais", "ma", "mas", "però", "لكن", "بس", "lekin", "लेकिन", "par",
      "tapi", "ama", "fakat", "nhưng"});
  return n;
}

// A letter repeated three times or more ("sooooo", "noooo"): the word with runs cut to `keep`.
std::string squeeze(const std::string& w, std::size_t keep) {
  std::string out;
  char32_t prev = 0;
  std::size_t run = 0;
  for (std::size_t i = 0; i < w.size();) {
    char32_t c = text::next_code_point(w, i);
    run = c == prev ? run + 1 : 1;
    prev = c;
    if (run <= keep) text::append_utf8(out, c);
  }
  return out;
}
bool elongated(const std::vector<char32_t>& cps, std::size_t a, std::size_t b) {
  for (std::size_t i = a + 2; i < b; ++i)
    if (cps[i] == cps[i - 1] && cps[i] == cps[i - 2] && !(cps[i] >= '0' && cps[i] <= '9')) return true;
  return false;
}

// What the lexicon and the rules read in a message.
struct Reading {
  double sum = 0, pos = 0, neg = 0, emoji_pos = 0, emoji_neg = 0;
  std::size_t hits = 0, negated = 0, boosted = 0, elongated = 0, bangs = 0, questions = 0;
  bool shouting = false, repeated_punctuation = false;
  std::vector<std::string> cues;
};

Reading read(const Model& m, std::string_view normalized, std::string_view original) {
  Reading r;
  std::vector<char32_t> cps;
  for (std::size_t i = 0; i < normalized.size();) cps.push_back(text::next_code_point(normalized, i));
  std::vector<std::string> words;  // previous words, for negation and intensifiers
  double weight = 1;               // 1.5 after "but"
  auto add = [&](double s, bool is_emoji) {
    s *= weight;
    r.sum += s;
    (s > 0 ? r.pos : r.neg) += std::fabs(s);
    if (is_emoji) (s > 0 ? r.emoji_pos : r.emoji_neg) += std::fabs(s);
    ++r.hits;
  };
  std::size_t i = 0;
  while (i < cps.size()) {
    char32_t c = cps[i];
    if (emoji(c)) {
      int s = lookup(m, utf8(cps, i, 1));
      if (s) { add(s, true); r.cues.push_back(utf8(cps, i, 1)); }
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
        bool boost = i > 0 && (cps[i - 1] == U'很' || cps[i - 1] == U'太' || cps[i - 1] == U'超' || cps[i - 1] == U'真');
        r.negated += neg;
        r.boosted += boost;
        add((neg ? -0.74 : 1.0) * (boost ? 1.3 : 1.0) * score, false);
        r.cues.push_back(utf8(cps, i, best));
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
    const bool stretched = elongated(cps, i, j);
    r.elongated += stretched;
    int s = lookup(m, w);
    if (stretched) {  // "sooooo goooood": the word with its runs cut to two letters, else to one
      std::string w2 = squeeze(w, 2), w1 = squeeze(w, 1);
      if (!s) s = lookup(m, w2);
      w = s ? (lookup(m, w2) ? w2 : w) : w1;
      if (!s) s = lookup(m, w1);
    }
    if (!s && !words.empty()) {  // two-word entries ("not good" is negation; "rip off" is a term)
      if (int s2 = lookup(m, words.back() + " " + w)) { s = s2; }
    }
    if (in(contrasts(), w)) {
      r.sum *= 0.5, r.pos *= 0.5, r.neg *= 0.5;
      weight = 1.5;
    } else if (s) {
      bool neg = false;
      for (std::size_t b = words.size(), n = 0; b > 0 && n < 3; --b, ++n) neg = neg || in(negators(), words[b - 1]);
      bool boost = !words.empty() && in(intensifiers(), words.back());
      r.negated += neg;
      r.boosted += boost;
      add((neg ? -0.74 : 1.0) * (boost || stretched ? 1.3 : 1.0) * s, false);
      r.cues.push_back(neg ? "not " + w : w);
    }
    words.push_back(std::move(w));  // an elongated word without an entry is kept cut to one ("sooo" → "so")
    i = j;
  }
  // Emphasis: exclamation marks push the score further the way it already leans (as VADER does).
  r.bangs = static_cast<std::size_t>(std::count(original.begin(), original.end(), '!'));
  r.questions = static_cast<std::size_t>(std::count(original.begin(), original.end(), '?'));
  if (r.sum != 0) r.sum += (r.sum > 0 ? 1 : -1) * 0.292 * static_cast<double>(std::min<std::size_t>(r.bangs, 4));
  r.repeated_punctuation = original.find("!!") != std::string_view::npos || original.find("??") != std::string_view::npos ||
                           original.find("?!") != std::string_view::npos || original.find("!?") != std::string_view::npos ||
                           original.find("！！") != std::string_view::npos || original.find("？！") != std::string_view::npos;
  std::size_t upper = 0, letters = 0;
  for (unsigned char ch : original) {
    if (ch >= 'A' && ch <= 'Z') ++upper, ++letters;
    else if (ch >= 'a' && ch <= 'z') ++letters;
  }
  r.shouting = letters >= 12 && upper * 10 >= letters * 7;
  return r;
}

double squash(double x, double k) { return x / (x + k); }
double round3(double v) { return std::round(v * 1000) / 1000; }

// The anger cues: explicit anger, contempt, and the wording of exasperation ("third time",
// "still nothing") that polite-but-furious messages use.
const std::vector<std::string>& anger_words() {
  static const auto a = cues::prepare({"angry", "furious", "outraged", "pissed", "ridiculous", "unacceptable", "disgusting",
      "disgrace", "scam", "scammers", "fraud", "rip off", "ripoff", "fed up", "sick of", "wtf", "worst", "pathetic", "useless",
      "joke", "shame on you", "incompetent", "infuriating", "livid", "fuming", "appalling", "outrageous", "absurd",
      "wütend", "sauer", "unverschämt", "frechheit", "inakzeptabel", "betrug", "skandal", "unmöglich", "lächerlich", "zumutung",
      "enojado", "enfadado", "furioso", "harto", "harta", "inaceptable", "estafa", "vergüenza", "indignante", "ridículo",
      "raiva", "absurdo", "palhaçada", "vergonha", "golpe", "inaceitável", "revoltado", "revoltada", "cansado de",
      "furieux", "furieuse", "inadmissible", "scandaleux", "inacceptable", "honte", "arnaque", "en colère", "marre", "ridicule",
      "inaccettabile", "vergogna", "truffa", "arrabbiato", "arrabbiata", "schifo", "ridicolo", "assurdo", "stufo", "stufa",
      "ふざけ", "怒", "最悪", "ありえない", "いい加減にして", "詐欺", "腹が立", "生气", "愤怒", "垃圾", "骗子", "太过分", "气死",
      "憤怒", "騙子", "氣死", "화가", "짜증", "최악", "어이없", "사기", "열받", "غاضب", "مستفز", "احتيال", "نصب", "مهزلة", "حرام عليكم",
      "زهقت", "سيء جدا", "गुस्सा", "बकवास", "bakwas", "ghatiya", "धोखा", "घटिया", "bekar", "faltu", "marah", "kesal", "penipuan",
      "parah banget", "โกรธ", "แย่มาก", "โกง", "tức giận", "bực", "lừa đảo", "quá tệ", "sinir*", "rezalet*", "kabul edilemez",
      "dolandırıcı*", "berbat", "gussa", "gusse", "naraz", "नाराज़", "غضبان", "زعلان"});
  return a;
}
const std::vector<std::string>& exasperation() {
  static const auto a = cues::prepare({"third time", "fourth time", "fifth time", "again and again", "still nothing", "still no",
      "still not", "nobody", "no one", "every time", "for weeks", "for a month", "i demand", "i expect", "immediately",
      "extremely disappointed", "deeply disappointed", "completely unacceptable", "last time i", "never again", "thanks for nothing",
      "yeah right", "oh great", "just great", "what a joke", "how hard can it be", "seriously?", "are you kidding",
      "dritte mal", "zum dritten", "schon wieder", "immer noch", "niemand", "seit wochen", "ich erwarte", "sofort", "zutiefst enttäuscht",
      "danke für nichts", "na toll", "tercera vez", "otra vez", "todavía no", "nadie", "desde hace semanas", "exijo", "de inmediato",
      "muy decepcionado", "gracias por nada", "qué bien", "troisième fois", "encore une fois", "toujours pas", "personne", "depuis des semaines",
      "j'exige", "immédiatement", "profondément déçu", "merci pour rien", "bravo", "terza volta", "ancora una volta", "ancora niente",
      "nessuno", "da settimane", "pretendo", "immediatamente", "profondamente deluso", "grazie di niente", "complimenti",
      "terceira vez", "de novo", "ainda não", "ninguém", "há semanas", "imediatamente", "muito decepcionado", "obrigado por nada",
      "parabéns", "مرة ثالثة", "للمرة الثالثة", "مرة ثانية", "لحد الحين", "ولا أحد", "محد", "من أسابيع", "أطالب", "فورا", "شكرا على لا شيء",
      "teesri baar", "tisri baar", "phir se", "abhi tak", "koi nahi", "hafton se", "तीसरी बार", "फिर से", "अभी तक", "कोई नहीं",
      "हफ्तों से", "तुरंत", "3回目", "三回目", "何度も", "まだ", "誰も", "いつまで", "今すぐ", "第三次", "又", "还是没", "没人", "马上",
      // the fourth and fifth time, and weeks of waiting, in the other languages too
      "vierte mal", "fünfte mal", "cuarta vez", "quinta vez", "llevo semanas", "quatrième fois", "cinquième fois", "quarta volta",
      "quinta volta", "sono settimane", "quarta vez", "quinta vez", "rabe3 marra", "رابع مرة", "خامس مرة", "ثالث مرة", "للمرة الرابعة",
      "أسابيع", "ومحد", "chauthi baar", "paanchvi baar", "चौथी बार", "4回目", "第四次",
      // demanding an answer, as "I expect" does in English
      "espero una respuesta", "exijo una respuesta", "j'attends une réponse", "mi aspetto una risposta", "espero uma resposta",
      "أنتظر رد", "jawab chahiye", "koi kuch nahi", "कोई कुछ नहीं"});
  return a;
}

// Sarcasm: praise that opens a message about something broken ("Brilliant, the replacement is
// broken too."). The opener alone is praise and the defect alone a neutral complaint; together
// they are the angry customer's way of saying it.
const std::vector<std::string>& sarcastic_openers() {
  static const auto a = cues::prepare({"brilliant", "great", "oh great", "perfect", "wonderful", "fantastic", "awesome", "lovely",
      "toll", "super", "klasse", "wunderbar", "perfekt", "na toll", "perfecto", "genial", "fantástico", "maravilloso", "génial",
      "parfait", "formidable", "perfetto", "fantastico", "ottimo", "benissimo", "perfeito", "ótimo", "maravilha",
      "que maravilha", "رائع", "ممتاز", "جميل", "waah", "wah", "kya baat hai", "बहुत बढ़िया", "वाह"});
  return a;
}
const std::vector<std::string>& defects() {
  static const auto a = cues::prepare({"broken", "damaged", "cracked", "faulty", "kaputt", "defekt", "beschädigt", "roto", "rota",
      "dañado", "dañada", "cassé", "cassée", "abîmé", "abîmée", "rotto", "rotta", "danneggiato", "quebrado", "quebrada",
      "danificado", "مكسور", "مكسورة", "خربان", "toota", "tuta", "toot gaya", "टूटा", "टूटी", "खराब", "kharab"});
  return a;
}

bool sarcastic(std::string_view normalized) {
  for (const auto& o : sarcastic_openers())
    if (normalized.substr(0, o.size()) == o && (normalized.size() == o.size() || !std::isalnum(static_cast<unsigned char>(normalized[o.size()]))))
      return !cues::find(normalized, defects()).empty();
  return false;
}

std::vector<Feature> signal_features(const Reading& r, std::size_t anger_cues, std::size_t exasperation_cues) {
  const double compound = r.sum / std::sqrt(r.sum * r.sum + 15.0);
  const double anger = double(std::min<std::size_t>(anger_cues, 2)) / 2;
  const double exasperated = double(std::min<std::size_t>(exasperation_cues, 2)) / 2;
  const std::pair<const char*, double> named[] = {
      {"pos", squash(r.pos, 4)}, {"neg", squash(r.neg, 4)}, {"compound+", std::max(0.0, compound)}, {"compound-", std::max(0.0, -compound)},
      {"none", r.hits ? 0.0 : 1.0}, {"emoji+", squash(r.emoji_pos, 3)}, {"emoji-", squash(r.emoji_neg, 3)},
      {"negated", std::min<double>(double(r.negated), 2) / 2}, {"boosted", std::min<double>(double(r.boosted), 2) / 2},
      {"elongated", r.elongated ? 1.0 : 0.0}, {"bang", std::min<double>(double(r.bangs), 4) / 4}, {"question", r.questions ? 1.0 : 0.0},
      {"repeated", r.repeated_punctuation ? 1.0 : 0.0}, {"shouting", r.shouting ? 1.0 : 0.0}, {"anger", anger},
      {"exasperated", exasperated}};
  std::vector<Feature> out;
  for (const auto& [name, v] : named)
    if (v != 0) out.push_back(Feature{hash_key('t', name), static_cast<float>(v)});
  std::sort(out.begin(), out.end(), [](const Feature& a, const Feature& b) { return a.id < b.id; });
  return out;
}

std::vector<Feature> with_signals(const std::vector<Feature>& base, const std::vector<Feature>& signals) {
  std::vector<Feature> out;
  out.reserve(base.size() + signals.size());
  std::merge(base.begin(), base.end(), signals.begin(), signals.end(), std::back_inserter(out),
             [](const Feature& a, const Feature& b) { return a.id < b.id; });
  return out;
}
}  // namespace

std::vector<Feature> tone_features(const Model& lexicon, const FeatureConfig& config, std::string_view normalized, std::string_view original) {
  Reading r = read(lexicon, normalized, original);
  return with_signals(featurize(normalized, config), signal_features(r, cues::find(normalized, anger_words()).size(),
                                                                     cues::find(normalized, exasperation()).size()));
}

Sentiment sentiment(const Model& m, std::string_view normalized, std::string_view original, const std::vector<Feature>* features) {
  Sentiment out;
  Reading r = read(m, normalized, original);
  out.cues = r.cues;
  out.score = round3(r.sum / std::sqrt(r.sum * r.sum + 15.0));
  out.label = out.score >= 0.05 ? "positive" : out.score <= -0.05 ? "negative" : "neutral";
  double p_negative = out.score < 0 ? -out.score : 0;
  auto found = cues::find(normalized, anger_words());
  auto fed_up = cues::find(normalized, exasperation());
  if (m.tone) {  // learned from labelled tweets and support messages, over n-grams and the rules' signals
    // Featurising is most of a prediction's cost: reuse the intent model's when the configs agree.
    const bool shared = features && m.tone->features == m.features;
    std::vector<Feature> signals = signal_features(r, found.size(), fed_up.size());
    std::vector<double> probs = probabilities(*m.tone, scores(*m.tone, with_signals(shared ? *features : featurize(normalized, m.tone->features), signals)));
    const int pos = m.tone->label_index("positive"), neg = m.tone->label_index("negative");
    p_negative = neg >= 0 ? probs[std::size_t(neg)] : 0;
    double lean = (pos >= 0 ? probs[std::size_t(pos)] : 0) - p_negative;
    out.score = round3(lean);
    out.label = m.tone->labels[std::size_t(std::max_element(probs.begin(), probs.end()) - probs.begin())];
  }

  // Anger: its own cues (explicit anger, exasperation), shouting, repeated punctuation, angry
  // emoji, and how negative the message reads. The pack's threshold (taxonomy escalate.anger) decides.
  std::size_t angry_emoji = 0;
  for (std::size_t k = 0; k < original.size();) {
    char32_t c = text::next_code_point(original, k);
    if (c == 0x1F621 || c == 0x1F92C || c == 0x1F620 || c == 0x1F4A2 || c == 0x1F624 || c == 0x1F92F || c == 0x1F595) ++angry_emoji;
  }
  const bool sarcasm = sarcastic(normalized);
  if (sarcasm && (out.score > 0 || out.label == "positive")) {  // the praise is the sarcasm: it means the opposite
    out.score = -std::fabs(out.score);
    out.label = out.score <= -0.05 ? "negative" : "neutral";
  }
  // One explicit anger word ("furious", "wütend") is anger; two exasperation cues are too.
  double a = (found.empty() ? 0.0 : found.size() == 1 ? 0.6 : 0.8) + 0.3 * double(std::min<std::size_t>(fed_up.size(), 2)) + (sarcasm ? 0.6 : 0) +
             (r.shouting ? 0.3 : 0) + (r.bangs >= 3 || r.repeated_punctuation ? 0.15 : 0) + (angry_emoji ? 0.35 : 0) +
             0.25 * std::max(0.0, p_negative - 0.5) / 0.5;
  if (found.empty() && fed_up.empty() && !sarcasm && !angry_emoji && !r.shouting) a = std::min(a, 0.3);  // negative is not angry on its own
  out.anger = round3(std::min(1.0, a));
  for (auto& f : found) out.cues.push_back("anger:" + f);
  for (auto& f : fed_up) out.cues.push_back("anger:" + f);
  if (sarcasm) out.cues.push_back("anger:sarcasm");
  if (r.shouting) out.cues.push_back("anger:shouting");
  if (angry_emoji) out.cues.push_back("anger:emoji");
  return out;
}
}  // namespace parley::triage
