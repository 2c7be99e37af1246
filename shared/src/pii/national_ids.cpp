// National identity numbers that carry a check (or, for the US SSN, strict structure), in the
// written forms people type them. A number that fails its check is left alone.
#include "detect.h"

namespace parley::pii::detect {
namespace {
bool groups_are(const NumberRun& r, std::vector<int> sizes, std::string seps) {
  return r.groups == sizes && r.separators == seps;
}


bool ssn_structure(const std::string& d) {
  int area = std::stoi(d.substr(0, 3)), group = std::stoi(d.substr(3, 2)), serial = std::stoi(d.substr(5, 4));
  return area != 0 && area != 666 && area < 900 && group != 0 && serial != 0;
}

// Spain: DNI "12345678Z" / "12345678-Z", NIE "X1234567L".
void spanish_ids(std::string_view s, std::vector<Finding>& out) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (i > 0 && ascii_alnum(s[i - 1])) continue;
    std::size_t j = i;
    std::string id;
    char first = s[j];
    if (first == 'X' || first == 'Y' || first == 'Z' || first == 'x' || first == 'y' || first == 'z') id += static_cast<char>(first & ~0x20), ++j;
    const std::size_t want = id.empty() ? 8 : 7;
    std::size_t d = 0;
    while (j < s.size() && s[j] >= '0' && s[j] <= '9' && d < want + 1) id += s[j++], ++d;
    if (d != want) continue;
    if (j < s.size() && (s[j] == '-' || s[j] == ' ')) ++j;
    if (j >= s.size() || !ascii_alpha(s[j])) continue;
    id += static_cast<char>(s[j] & ~0x20);
    ++j;
    if (j < s.size() && ascii_alnum(s[j])) continue;
    if (!dni_valid(id)) continue;
    std::string_view original = s.substr(i, j - i);
    out.push_back({"national_id", id.size() == 9 && (id[0] >= 'X') ? "es_nie" : "es_dni", i, j - i, mask_keep_last(original, 1, true)});
    i = j;
  }
}
}  // namespace

void national_ids(std::string_view text, const std::vector<NumberRun>& runs, std::string_view locale, std::vector<Finding>& out) {
  const std::string reg = locale_region(locale);
  for (const auto& r : runs) {
    if (r.plus || r.paren) continue;
    const std::string& d = r.digits;
    const char* scheme = nullptr;
    std::size_t end = r.end;
    if (ascii_alpha(r.after) && !(d.size() == 17 && (r.after == 'X' || r.after == 'x'))) continue;
    if ((groups_are(r, {3, 3, 3, 2}, "..-") || (groups_are(r, {11}, "") && (reg == "BR" || lower_before(text, r.start, 16).find("cpf") != std::string::npos))) &&
        cpf_valid(d))
      scheme = "br_cpf";
    else if (groups_are(r, {6, 7}, "-") && rrn_valid(d))
      scheme = "kr_rrn";
    else if (r.groups.size() == 1 && d.size() == 17 && (r.after == 'X' || r.after == 'x') && cn_resident_id_valid(d + "X"))
      scheme = "cn_resident_id", end += 1;
    else if (groups_are(r, {18}, "") && cn_resident_id_valid(d))
      scheme = "cn_resident_id";
    else if ((groups_are(r, {4, 4, 4}, "  ") || groups_are(r, {4, 4, 4}, "--") || groups_are(r, {12}, "")) && aadhaar_valid(d))
      scheme = "in_aadhaar";
    else if (groups_are(r, {3, 2, 4}, "--") && ssn_structure(d))
      scheme = "us_ssn";
    if (!scheme) continue;
    std::string_view original = text.substr(r.start, end - r.start);
    out.push_back({"national_id", scheme, r.start, end - r.start, mask_keep_last(original, 2, true)});
  }
  spanish_ids(text, out);
}
}  // namespace parley::pii::detect
