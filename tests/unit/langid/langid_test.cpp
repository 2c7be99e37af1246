#include "parley/api.h"
#include "parley/assets.h"
#include "parley/langid.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <functional>
#include <iterator>

using namespace parley;
using namespace parley::langid;

namespace {
// A small model trained here, so the tests say what the code does, not how good the shipped model is.
// pt and es share most lines: text made only of shared words is a close call by construction.
std::string tiny_model() {
  std::vector<TrainingExample> ex;
  for (const char* shared : {"o produto", "a casa", "no centro", "sobre a mesa"}) {
    ex.push_back({"pt", shared});
    ex.push_back({"es", shared});
  }
  for (const char* t : {"cadê meu pedido", "obrigado pela ajuda", "não chegou ainda", "quero meu dinheiro"}) ex.push_back({"pt", t});
  for (const char* t : {"dónde está mi pedido", "gracias por la ayuda", "todavía no llega", "quiero mi dinero"}) ex.push_back({"es", t});
  for (const char* t : {"where is my order", "thank you for the help", "it has not arrived yet", "I want my money back"}) ex.push_back({"en", t});
  for (const char* t : {"注文はまだですか", "ありがとうございます", "返金してください"}) ex.push_back({"ja", t});
  for (const char* t : {"我的订单在哪里", "谢谢你的帮助"}) ex.push_back({"zh-Hans", t});
  for (const char* t : {"我的訂單在哪裡", "謝謝你的幫助"}) ex.push_back({"zh-Hant", t});
  for (const char* t : {"배송 언제 와요", "감사합니다"}) ex.push_back({"ko", t});
  TrainingOptions options;
  options.buckets = 1u << 12;
  return train(ex, {{"en", "Latn"}, {"pt", "Latn"}, {"es", "Latn"}, {"ja", "Kana,Hani"}, {"zh-Hans", "Hani"}, {"zh-Hant", "Hani"}, {"ko", "Hang"}},
               options);
}

const Model& model() {
  static Model m = Model::from_bytes(tiny_model());
  return m;
}

std::string error_code(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.code + ": " + e.what();
  }
  return "";
}
}  // namespace

TEST_CASE("a model loads from bytes and lists its languages; training is deterministic", "[langid]") {
  CHECK(model().languages() == std::vector<std::string>{"en", "es", "ja", "ko", "pt", "zh-Hans", "zh-Hant"});
  CHECK(model().buckets() == 4096u);
  CHECK(tiny_model() == tiny_model());
}

TEST_CASE("bad model bytes give a clear invalid_model error", "[langid]") {
  std::string good = tiny_model();
  CHECK(error_code([] { Model::from_bytes(""); }).rfind("invalid_model: langid model: too short", 0) == 0);
  std::string magic = good;
  magic[0] = 'X';
  CHECK(error_code([&] { Model::from_bytes(magic); }).find("bad magic") != std::string::npos);
  std::string truncated = good.substr(0, good.size() - 100);
  CHECK(error_code([&] { Model::from_bytes(truncated); }).find("checksum") != std::string::npos);
  std::string flipped = good;
  flipped[good.size() / 2] ^= 0x5A;
  CHECK(error_code([&] { Model::from_bytes(flipped); }).find("checksum") != std::string::npos);
}

TEST_CASE("clear text is identified with its candidates", "[langid]") {
  Identification r = model().identify("where is my order, thank you");
  CHECK(r.language == "en");
  REQUIRE_FALSE(r.top.empty());
  CHECK(r.top[0].language == "en");
  CHECK(r.top[0].score > r.top[1].score);
  CHECK(model().identify("dónde está mi pedido").language == "es");
  CHECK(model().identify("cadê meu pedido").language == "pt");
}

TEST_CASE("too short or letterless text is und and not reliable", "[langid]") {
  for (const char* t : {"", "ok", "12345 !!!", "👍👍", "?"}) {
    Identification r = model().identify(t);
    INFO(t);
    CHECK(r.language == "und");
    CHECK_FALSE(r.reliable);
  }
  CHECK(model().identify("12345 !!!").letters == 0);
}

TEST_CASE("the writing system decides when it can: kana is Japanese, Hangul Korean", "[langid]") {
  Identification ja = model().identify("ありがとう", {"pt-BR", "BR", ""});
  CHECK(ja.language == "ja");
  REQUIRE(ja.top.size() == 1);
  CHECK(ja.top[0].score == 1.0);
  CHECK(model().identify("네").language == "ko");
  // Han alone may be Chinese or Japanese: all three stay candidates.
  CHECK(model().identify("我的訂單").top.size() == 3);
}

TEST_CASE("locale and country priors shift a close call but not clear evidence", "[langid]") {
  // Shared pt/es words: a close call that the prior decides.
  CHECK(model().identify("a casa no centro", {"es-ES", "", ""}).top[0].language == "es");
  CHECK(model().identify("a casa no centro", {"pt-BR", "", ""}).top[0].language == "pt");
  CHECK(model().identify("a casa no centro", {"", "BR", ""}).top[0].language == "pt");
  CHECK(model().identify("a casa no centro", {"", "MX", ""}).top[0].language == "es");
  // zh-TW chooses Traditional, zh-CN Simplified, between candidates that share characters.
  CHECK(model().identify("的", {"zh-TW", "", ""}).top[0].language == "zh-Hant");
  CHECK(model().identify("的", {"zh-CN", "", ""}).top[0].language == "zh-Hans");
  // Clear English stays English for a Brazilian browser.
  CHECK(model().identify("where is my order, thank you for the help", {"pt-BR", "BR", ""}).language == "en");
}

TEST_CASE("langid.identify uses the langid asset and reports a missing or bad one", "[langid]") {
  assets::put("langid", "");
  Json bad = api::call("langid.identify", Json{{"text", "where is my order"}});
  CHECK(bad["error"]["code"] == "invalid_model");
  assets::put("langid", tiny_model());
  Json ok = api::call("langid.identify", Json{{"text", "where is my order"}, {"locale", "en-US"}});
  CHECK(ok["language"] == "en");
  CHECK(ok["top"][0]["language"] == "en");
  CHECK(ok.contains("reliable"));
  Json typed = api::call("langid.identify", Json{{"text", "x"}, {"country", 7}});
  CHECK(typed["error"]["path"] == "/country");
  CHECK(api::call("langid.info", Json::object())["buckets"] == 4096);
}

TEST_CASE("the committed model loads and covers every language Parley must identify", "[langid]") {
  std::ifstream in(std::string(PARLEY_SOURCE_DIR) + "/models/langid.bin", std::ios::binary);
  REQUIRE(in);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  CHECK(bytes.size() <= 1024u * 1024u);
  Model m = Model::from_bytes(bytes);
  for (const char* lang : {"en", "ja", "ko", "zh-Hans", "zh-Hant", "pt", "es", "ar", "de", "fr", "id", "ms", "hi", "hi-Latn", "ar-Latn",
                           "th", "vi", "tr", "it", "nl", "ru", "he"}) {
    INFO(lang);
    CHECK(std::find(m.languages().begin(), m.languages().end(), lang) != m.languages().end());
  }
}

TEST_CASE("features fold case and width; script counts ignore digits and punctuation", "[langid]") {
  CHECK(features("ＯＲＤＥＲ", 1024) == features("order", 1024));
  CHECK(features("Straße", 1024) == features("STRAßE", 1024));
  CHECK(features("order", 1024) != features("ordre", 1024));
  CHECK(features("123 !!", 1024).empty());
  // Digits inside a Latin word stay in it (Arabizi: "bsor3a" is not "bsor" + "a"); a bare number is no word.
  CHECK(features("bsor3a", 1024) != features("bsor a", 1024));
  CHECK(features("7ad", 1024) != features("ad", 1024));
  CHECK(features("order 42 now", 1024) == features("order now", 1024));
  auto counts = script_counts("我的 iPhone 12 坏了！");
  CHECK(counts["Hani"] == 4);
  CHECK(counts["Latn"] == 6);
  CHECK(counts.count("Other") == 0);
}

TEST_CASE("Latin brand names inside Chinese text leave it Chinese", "[langid]") {
  Identification r = model().identify("我的 iPhone 订单");
  REQUIRE_FALSE(r.top.empty());
  for (const auto& c : r.top) CHECK((c.language == "zh-Hans" || c.language == "zh-Hant" || c.language == "ja"));
}

TEST_CASE("web and e-mail addresses and ids carry no language: left out before counting", "[langid]") {
  CHECK(features("https://shop.example/orders/10023", 1024).empty());
  CHECK(features("www.example.com", 1024).empty());
  CHECK(features("sam@example.com", 1024).empty());
  CHECK(features("PD-104233 #4521", 1024).empty());
  CHECK(features("where is PD-104233?", 1024) == features("where is", 1024));
  CHECK(features("see https://x.example/a, thanks", 1024) == features("see thanks", 1024));
  CHECK(features("3ayez el order", 1024) != features("el order", 1024));  // Arabizi keeps its digits
  CHECK(script_counts("https://shop.example/o/10023").empty());
}

TEST_CASE("the committed model: characters only one Chinese script uses decide zh-Hans vs zh-Hant", "[langid]") {
  std::ifstream in(std::string(PARLEY_SOURCE_DIR) + "/models/langid.bin", std::ios::binary);
  REQUIRE(in);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  Model m = Model::from_bytes(bytes);
  CHECK(m.identify("重复扣费了").language == "zh-Hans");  // 复 费: Simplified only
  CHECK(m.identify("忘記密碼了").language == "zh-Hant");  // 記 碼: Traditional only
  CHECK(m.identify("急需協助").language == "zh-Hant");    // one Traditional-only character (協; Unihan: simplified 协)
  CHECK(m.identify("https://shop.example/o/10023").language == "und");
  // A truncated script list is refused, not read past its end.
  std::string cut = bytes.substr(0, bytes.size() - 12);
  cut += bytes.substr(bytes.size() - 4);
  CHECK_THROWS(Model::from_bytes(cut));
}
