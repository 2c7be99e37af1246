// Charsets beyond the built-in four (Shift_JIS, ISO-2022-JP, GB18030, KOI8-R…) through ICU's
// converters, with the STOP callback: an illegal or unmapped sequence is an error, not U+FFFD.
// Built where ICU is (native, the full wasm core); its data decides which converters exist.
#include "mail.h"

#include "parley/api.h"

#include <unicode/ucnv.h>
#include <unicode/ucnv_err.h>
#include <unicode/ustring.h>

#include <memory>

namespace parley::channels::mail {
std::optional<std::string> icu_to_utf8(std::string_view bytes, const std::string& charset, const std::string& path) {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<UConverter, void (*)(UConverter*)> cnv(ucnv_open(charset.c_str(), &status), ucnv_close);
  if (U_FAILURE(status) || !cnv) return std::nullopt;
  ucnv_setToUCallBack(cnv.get(), UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &status);
  if (U_FAILURE(status)) return std::nullopt;
  std::u16string units(bytes.size() * 2 + 16, u'\0');
  UChar* target = reinterpret_cast<UChar*>(units.data());
  const char* source = bytes.data();
  ucnv_toUnicode(cnv.get(), &target, target + units.size(), &source, bytes.data() + bytes.size(), nullptr, true, &status);
  if (U_FAILURE(status))
    throw Error("invalid_payload",
                path + ": the text is not valid " + charset + " (" + u_errorName(status) + " near byte " +
                    std::to_string(source - bytes.data()) + ")",
                path);
  units.resize(static_cast<std::size_t>(target - reinterpret_cast<UChar*>(units.data())));
  std::string out(units.size() * 3 + 1, '\0');
  int32_t n = 0;
  status = U_ZERO_ERROR;
  u_strToUTF8(out.data(), static_cast<int32_t>(out.size()), &n, reinterpret_cast<const UChar*>(units.data()),
              static_cast<int32_t>(units.size()), &status);
  if (U_FAILURE(status)) throw Error("invalid_payload", path + ": " + charset + " text does not convert to UTF-8", path);
  out.resize(static_cast<std::size_t>(n));
  return out;
}
}  // namespace parley::channels::mail
