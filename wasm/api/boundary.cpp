// The C ABI of the WebAssembly core: JSON text in, JSON text out.
//
//   char* parley_call(const char* method, const char* request, size_t request_len)
//       Runs a core method (see `parley methods`); returns a NUL-terminated UTF-8 JSON answer that
//       the caller frees with parley_free. Errors are answers: {"error":{code,message,path}}.
//   void parley_put_asset(const char* name, const void* data, size_t len)
//       Hands the core a binary asset (a model, an index): it is copied, so the caller may free it.
//   int parley_set_icu_data(const void* data, size_t len)
//       Full core only: hands ICU its (trimmed) data package. The bytes must stay alive; ICU
//       does not copy them. Returns 0 on success, an ICU error code otherwise.
#include "parley/api.h"
#include "parley/assets.h"

#include <cstdlib>
#include <cstring>
#include <string>

#if PARLEY_WITH_ICU
#include <unicode/udata.h>
#endif

#include <emscripten/emscripten.h>

extern "C" {

EMSCRIPTEN_KEEPALIVE char* parley_call(const char* method, const char* request, size_t request_len) {
  std::string answer = parley::api::call_text(method ? method : "", std::string_view(request ? request : "", request ? request_len : 0));
  char* out = static_cast<char*>(std::malloc(answer.size() + 1));
  if (!out) return nullptr;
  std::memcpy(out, answer.c_str(), answer.size() + 1);
  return out;
}

EMSCRIPTEN_KEEPALIVE void parley_free(char* p) { std::free(p); }

EMSCRIPTEN_KEEPALIVE void parley_put_asset(const char* name, const void* data, size_t len) {
  parley::assets::put(name ? name : "", std::string(static_cast<const char*>(data), data ? len : 0));
}

EMSCRIPTEN_KEEPALIVE int parley_set_icu_data(const void* data, size_t len) {
#if PARLEY_WITH_ICU
  if (!data || len < 32) return U_INVALID_FORMAT_ERROR;
  UErrorCode status = U_ZERO_ERROR;
  udata_setCommonData(data, &status);
  return U_FAILURE(status) ? static_cast<int>(status) : 0;
#else
  (void)data;
  (void)len;
  return -1;  // the widget core has no ICU
#endif
}
}
