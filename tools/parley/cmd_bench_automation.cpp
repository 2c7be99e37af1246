// `parley bench automation [--json]`: the self-service engine (automation.decide with a pack, the
// demo pack by default) on every message as the first message of a web chat, beside the plain
// triage tiers (triage.classify) on the same messages in the same run.
//   heldout   data/triage/heldout, the set `bench triage` reports its multilingual figure on
//   unseen    the public sets `bench triage` uses as domains the shipped model never trained on
//   latency   automation.decide on a 300-character message, natively and in the wasm full core
// A decision is resolved (answer, or a flow started: automated handling, even when its first turn
// asks the shop's connector — no HTTP is made here), prequalified or handed off. Precision: the
// decision's intent equals the row's labelled intent ("" for a message outside the taxonomy, which
// every intent gets wrong).
#include "automation_pack.h"
#include "bench_latency.h"
#include "cmd_bench_triage_domains.h"
#include "cmd_triage_common.h"

#include <iostream>
#include <map>
#include <sstream>

namespace parley::cli {
namespace {
using namespace triage_tools;

constexpr double kAimHandled = 0.40, kAimPrecision = 0.95;  // issue 15
const char* const kChannel = "webchat";

struct AutomationTally {
  std::size_t n = 0, answers = 0, flows = 0, flow_calls = 0, resolved_right = 0, prequalified = 0, prequalified_right = 0, handed_off = 0,
              handed_off_prequalified = 0, errors = 0;
  std::map<std::string, std::size_t> rules;  // action/rule → count: why the engine decided what it did
  std::string first_error;
};

double share(std::size_t k, std::size_t n) { return n ? r4(double(k) / double(n)) : 0.0; }
Json precision(std::size_t right, std::size_t k) { return k ? Json(r4(double(right) / double(k))) : Json(nullptr); }

// Every row as the product gets it from web chat: the row's language, the web chat channel.
std::vector<Row> as_webchat(std::vector<Row> rows) {
  for (auto& r : rows) r.channel = kChannel;
  return rows;
}

AutomationTally decide_all(const AutomationPack& pack, const std::vector<Row>& rows) {
  AutomationTally t;
  for (const auto& r : rows) {
    ++t.n;
    Json line{{"text", r.text}, {"channel", r.channel}};
    if (!r.lang.empty()) line["lang"] = r.lang;
    Json d = api::call("automation.decide", automation_request(pack, line));
    if (d.contains("error")) {  // a failed decision leaves the message to a person: counted there, and shown
      ++t.errors;
      ++t.handed_off;
      if (t.first_error.empty()) t.first_error = d["error"].dump();
      continue;
    }
    const std::string action = d.value("action", ""), intent = d.value("intent", "");
    ++t.rules[action + "/" + d.value("rule", "")];
    const bool right = intent == r.intent;
    if (action == "answer" || action == "flow") {
      (action == "answer" ? t.answers : t.flows)++;
      t.flow_calls += d.contains("call");
      t.resolved_right += right;
    } else if (action == "prequalify") {
      ++t.prequalified;
      t.prequalified_right += right;
    } else {
      ++t.handed_off;
      // Pre-qualification that found every field in the first message goes straight to a person:
      // a hand-off by action, but one that asks the customer nothing twice.
      if (d.contains("handoff") && d["handoff"].value("rule", "") == "prequalified") ++t.handed_off_prequalified;
    }
  }
  return t;
}

bool aim_met(const Json& f) {
  return f["resolved_or_prequalified_share"].get<double>() >= kAimHandled && f["resolved_precision"].is_number() &&
         f["resolved_precision"].get<double>() >= kAimPrecision;
}

Json figures(const AutomationTally& t, const std::vector<Row>& rows, const std::string& model_bytes) {
  const std::size_t resolved = t.answers + t.flows;
  Json f{{"n", t.n},
         {"resolved_share", share(resolved, t.n)},
         {"resolved_n", resolved},
         {"answer_n", t.answers},
         {"flow_n", t.flows},
         {"flow_call_n", t.flow_calls},
         {"resolved_precision", precision(t.resolved_right, resolved)},
         {"prequalified_share", share(t.prequalified, t.n)},
         {"prequalified_n", t.prequalified},
         {"prequalified_precision", precision(t.prequalified_right, t.prequalified)},
         {"handed_off_share", share(t.handed_off, t.n)},
         {"handed_off_n", t.handed_off},
         {"handed_off_prequalified_n", t.handed_off_prequalified},
         {"resolved_or_prequalified_share", share(resolved + t.prequalified, t.n)},
         {"errors", t.errors},
         {"rules", t.rules}};
  if (!t.first_error.empty()) f["first_error"] = t.first_error;
  f["aim_met"] = aim_met(f);
  std::size_t outside = 0;
  for (const auto& r : rows) outside += r.intent.empty();
  f["outside_taxonomy"] = outside;
  f["baseline"] = tier_figures(classify_all(model_bytes, rows));  // triage.classify: tiers auto / prequalify / human
  return f;
}

std::string num(const Json& v) {
  if (v.is_null()) return "n/a";
  std::ostringstream s;
  s << v.get<double>();
  return s.str();
}

std::string line_for(const std::string& name, const Json& f) {
  const Json& b = f["baseline"];
  return name + " (n " + std::to_string(f["n"].get<std::size_t>()) + "): resolved " + num(f["resolved_share"]) + " (answer " +
         std::to_string(f["answer_n"].get<std::size_t>()) + ", flow " + std::to_string(f["flow_n"].get<std::size_t>()) + ") precision " +
         num(f["resolved_precision"]) + "; prequalified " + num(f["prequalified_share"]) + " precision " + num(f["prequalified_precision"]) +
         "; handed off " + num(f["handed_off_share"]) + "; aim " + (f["aim_met"].get<bool>() ? "met" : "not met") + (f["errors"].get<std::size_t>() ? "; errors " + std::to_string(f["errors"].get<std::size_t>()) + " " + f.value("first_error", "") : "") +
         "\n  baseline triage tiers: auto " + num(b["auto_share"]) + " precision " + num(b["auto_precision"]) + "; prequalify " +
         num(b["prequalify_share"]) + " precision " + num(b["prequalify_precision"]) + "; human " + num(b["human_share"]);
}

int run_bench_automation(const Args& args) {
  const bool json = has_flag(args, "--json");
  const std::string root = source_dir();
  const std::string dir = option(args, "--pack", root + "/site/packs/demo");
  const std::string model_path = option(args, "--model", root + "/models/triage.bin");
  // The relay's self-service loads the retrieval encoder (workspace automation.retrieval_model,
  // models/retrieval.bin by default); so does this bench, unless told "none".
  const std::string retrieval_path = option(args, "--retrieval-model", root + "/models/retrieval.bin");
  const std::string only = option(args, "--only", "heldout,unseen,latency");
  auto section = [&](const char* name) { return ("," + only + ",").find("," + std::string(name) + ",") != std::string::npos; };
  for (std::string rest = only; !rest.empty();) {
    const std::string name = rest.substr(0, rest.find(','));
    rest = rest.find(',') == std::string::npos ? "" : rest.substr(rest.find(',') + 1);
    if (name != "heldout" && name != "unseen" && name != "latency") {
      std::cerr << "bench automation: --only takes heldout, unseen and latency (comma-separated), not \"" << name << "\"\n";
      return 2;
    }
  }
  auto log = [&](const std::string& s) { (json ? std::cerr : std::cout) << s << std::endl; };
  try {
    const AutomationPack pack = load_automation_pack(dir, model_path, retrieval_path);
    const std::string model_bytes = read_file(model_path);
    Json out{{"pack", dir}, {"model_bytes", model_bytes.size()}, {"retrieval_model", retrieval_path}, {"channel", kChannel},
#ifdef NDEBUG
             {"build", "release"},
#else
             {"build", "debug"},
#endif
             {"truth", "the row's labelled intent (\"\" outside the taxonomy); precision = decision intent equals it"},
             {"aim", {{"resolved_or_prequalified_share_at_least", kAimHandled}, {"resolved_precision_at_least", kAimPrecision}}}};
    if (section("heldout")) {
      const auto held = as_webchat(read_rows(root + "/data/triage/heldout"));
      out["heldout"] = figures(decide_all(pack, held), held, model_bytes);
      out["aim"]["heldout_met"] = out["heldout"]["aim_met"];
      log(line_for("held-out", out["heldout"]));
    }
    if (section("unseen")) {
      // The shipped model trains on part of Bitext: it is not unseen for this model, so it is left out.
      out["unseen"] = Json::object();
      std::vector<Row> all;
      AutomationTally total;
      for (const auto& d : public_domains(0)) {
        const auto test = as_webchat(d.test);
        AutomationTally t = decide_all(pack, test);
        out["unseen"][d.name] = figures(t, test, model_bytes);
        log(line_for("unseen " + d.name, out["unseen"][d.name]));
        all.insert(all.end(), test.begin(), test.end());
        total.n += t.n; total.answers += t.answers; total.flows += t.flows; total.flow_calls += t.flow_calls;
        total.resolved_right += t.resolved_right; total.prequalified += t.prequalified; total.prequalified_right += t.prequalified_right;
        total.handed_off += t.handed_off; total.handed_off_prequalified += t.handed_off_prequalified; total.errors += t.errors;
        for (const auto& [k, v] : t.rules) total.rules[k] += v;
        if (total.first_error.empty()) total.first_error = t.first_error;
      }
      out["unseen"]["overall"] = figures(total, all, model_bytes);
      out["unseen_left_out"] = {{"bitext", "the shipped model trains on part of it"}};
      out["aim"]["unseen_met"] = out["unseen"]["overall"]["aim_met"];
      log(line_for("unseen overall", out["unseen"]["overall"]));
    }
    if (section("latency")) {
      const Json request = automation_request(pack, Json{{"text", message_300()}, {"channel", kChannel}, {"lang", "en"}});
      const auto [p50, p99] = native_latency_us("automation.decide", request, 1000);
      Json l{{"message_chars", 300}, {"native_p50_us", r4(p50)}, {"native_p99_us", r4(p99)},
             {"native_action", api::call("automation.decide", request).value("action", "")}};
      const Json setup = Json::array({Json::array({"knowledge.index", Json{{"articles", pack.kb_articles}, {"index_id", pack.index_id}}})});
      auto w = wasm_latency(root, Json{{"triage", model_path}}, setup, "automation.decide", request);
      if (w && w->contains("p99")) {
        l["wasm_p50_us"] = r4((*w)["p50"].get<double>());
        l["wasm_p99_us"] = r4((*w)["p99"].get<double>());
        l["wasm_action"] = (*w)["answer"].value("action", "");  // the same decision in wasm, as a sanity check
      } else {
        l["wasm_p50_us"] = nullptr;
        l["wasm_p99_us"] = nullptr;
        l["wasm_error"] = w ? w->dump() : root + "/build/wasm/dist/parley-full.wasm is not built (tools/dev build)";
      }
      out["latency"] = l;
      log(std::string("latency (300 chars, automation.decide, ") + out["build"].get<std::string>() + " build): native p50 " + num(l["native_p50_us"]) +
          " us, p99 " + num(l["native_p99_us"]) + " us; wasm " +
          (l["wasm_p99_us"].is_null() ? "null: " + l["wasm_error"].get<std::string>() : "p50 " + num(l["wasm_p50_us"]) + " us, p99 " + num(l["wasm_p99_us"]) + " us"));
    }
    auto met = [&](const char* key) { return !out["aim"].contains(key) ? std::string("not measured") : out["aim"][key].get<bool>() ? std::string("met") : std::string("not met"); };
    log("aim (resolve or prequalify >= 40% with resolved precision >= 95%): held-out " + met("heldout_met") + ", unseen " + met("unseen_met"));
    if (json) std::cout << out.dump() << "\n";
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "bench automation: " << e.what() << "\n";
    if (json) std::cout << Json{{"error", e.what()}}.dump() << "\n";
    return 1;
  }
}
PARLEY_COMMAND("bench automation", run_bench_automation,
               "self-service decisions on held-out and unseen messages: resolved / prequalified / handed off vs triage tiers, latency",
               "--json                  print one JSON object with the figures\n"
               "--only LIST             sections: heldout,unseen,latency (all)\n"
               "--pack DIR              workspace pack (site/packs/demo)\n"
               "--model FILE            triage model (models/triage.bin)\n"
               "--retrieval-model FILE  retrieval encoder, as the relay loads it (models/retrieval.bin; \"none\": words and n-grams only)\n");
}  // namespace
}  // namespace parley::cli
