// Decision latency for `parley bench …`: one core method timed natively in this process and in the
// full wasm core under node, on the same request. Shared by `bench triage` and `bench automation`.
#pragma once
#include "parley/api.h"

#include <optional>
#include <string>

namespace parley::cli {
// A realistic e-mail-ish customer message, cut to 300 code points.
std::string message_300();
struct Latency {
  double p50_us = 0, p99_us = 0;
};
// `method` on `request` n times after 50 warm-up calls, natively (api::call_text).
Latency native_latency_us(const std::string& method, const Json& request, int n);
// The same in the full wasm core (build/wasm/dist/parley-full.wasm, loaded as tests/wasm/cores.mjs
// does, with models/*.bin as assets, then `assets` ({name: file}) over them): `setup` ([[method, request], …]) is called once first (e.g.
// knowledge.index), then `method` is timed 1000 times after 200 warm-up calls. Returns
// {p50, p99, answer} or {error}; nullopt when the wasm core is not built or node cannot run.
std::optional<Json> wasm_latency(const std::string& root, const Json& assets, const Json& setup, const std::string& method, const Json& request);
}  // namespace parley::cli
