// Parley — pii: find personal data and secrets in a customer's message and mask them before the
// message leaves the browser. No ICU: runs in the widget core.
//
// Index
//   [SECTION] Scan         findings and the masked text
//   [SECTION] Checks       the checksums that keep numbers that merely look like ids out
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace parley::pii {

//-----------------------------------------------------------------------------
// [SECTION] Scan
//-----------------------------------------------------------------------------
struct Finding {
  std::string type;         // card, iban, email, phone, national_id, secret
  std::string detail;       // card network, IBAN country, id scheme ("br_cpf"), secret keyword…
  std::size_t start = 0;    // UTF-8 byte offset in the original text
  std::size_t length = 0;   // UTF-8 bytes
  std::string replacement;  // what the masked text shows instead
};

struct Scan {
  std::string masked;               // the text with every finding replaced
  std::vector<Finding> findings;    // in text order, never overlapping
};

// `locale` (BCP-47, e.g. "pt-BR") enables national forms that are ambiguous without it, such as an
// unformatted 11-digit CPF or a 10-digit US number without separators.
// Precondition: valid UTF-8.
Scan scan(std::string_view text, std::string_view locale = "");

//-----------------------------------------------------------------------------
// [SECTION] Checks (inputs are the significant characters only: no spaces or dashes)
//-----------------------------------------------------------------------------
bool luhn_valid(std::string_view digits);
bool iban_valid(std::string_view compact);      // country length table + ISO 7064 mod 97-10
bool cpf_valid(std::string_view digits);        // Brazil, 11 digits, two mod-11 check digits
bool dni_valid(std::string_view id);            // Spain DNI "12345678Z" or NIE "X1234567L"
bool rrn_valid(std::string_view digits);        // Korea resident registration number, 13 digits
bool cn_resident_id_valid(std::string_view id); // China, 17 digits + ISO 7064 mod 11-2 check
bool aadhaar_valid(std::string_view digits);    // India, 12 digits, Verhoeff check
}  // namespace parley::pii
