#include "parley/pii.h"

#include <catch2/catch.hpp>

using namespace parley::pii;

namespace {
std::vector<std::string> types(const Scan& s) {
  std::vector<std::string> out;
  for (const auto& f : s.findings) out.push_back(f.type);
  return out;
}
}  // namespace

TEST_CASE("a card number is masked to its last four digits, with its offset", "[pii]") {
  Scan s = scan("card 4111 1111 1111 1111 please");
  REQUIRE(s.findings.size() == 1);
  CHECK(s.findings[0].type == "card");
  CHECK(s.findings[0].detail == "visa");
  CHECK(s.findings[0].start == 5);
  CHECK(s.findings[0].length == 19);
  CHECK(s.masked == "card **** **** **** 1111 please");
}

TEST_CASE("a card-shaped number failing Luhn is left alone", "[pii]") {
  Scan s = scan("card 4111 1111 1111 1112");
  CHECK(s.findings.empty());
  CHECK(s.masked == "card 4111 1111 1111 1112");
}

TEST_CASE("IBAN keeps country, check digits and last four", "[pii]") {
  Scan s = scan("IBAN: DE89 3704 0044 0532 0130 00, thanks");
  REQUIRE(s.findings.size() == 1);
  CHECK(s.findings[0].detail == "DE");
  CHECK(s.masked == "IBAN: DE89 **** **** **** **30 00, thanks");
  CHECK(scan("IBAN: DE89 3704 0044 0532 0130 01").findings.empty());
}

TEST_CASE("e-mail keeps the first letter and the domain", "[pii]") {
  Scan s = scan("mail me at maria.silva+shop@example.com.br.");
  REQUIRE(s.findings.size() == 1);
  CHECK(s.masked == "mail me at m***@example.com.br.");
  CHECK(scan("meet @ 5pm").findings.empty());
  CHECK(scan("user@localhost").findings.empty());
}

TEST_CASE("phone numbers: international and national forms", "[pii]") {
  CHECK(types(scan("call +81 90-1234-5678")) == std::vector<std::string>{"phone"});
  CHECK(scan("call +81 90-1234-5678").masked == "call +** **-****-**78");
  CHECK(types(scan("my number is 090-1234-5678")) == std::vector<std::string>{"phone"});
  CHECK(types(scan("010-1234-5678로 연락주세요")) == std::vector<std::string>{"phone"});
  CHECK(types(scan("(11) 98765-4321")) == std::vector<std::string>{"phone"});
  CHECK(types(scan("reach me on 415-555-0132")) == std::vector<std::string>{"phone"});
  CHECK(types(scan("06 12 34 56 78")) == std::vector<std::string>{"phone"});
}

TEST_CASE("order numbers, dates, amounts and times are not phone numbers", "[pii]") {
  CHECK(scan("order 123456789 has not arrived").findings.empty());
  CHECK(scan("order #0123456789").findings.empty());
  CHECK(scan("Bestellung 0912345678").findings.empty());
  CHECK(scan("delivered on 2024-05-12 at 10:30").findings.empty());
  CHECK(scan("due 12/05/2024 or 12.05.2024").findings.empty());
  CHECK(scan("total 1 234 567.89").findings.empty());
  CHECK(scan("tracking 9400 1000 0000 0000 0000 00").findings.empty());
  CHECK(scan("SKU AB-1234567").findings.empty());
}

TEST_CASE("a bare digit run is a phone only after a phone word or with a national locale", "[pii]") {
  CHECK(scan("4155550132").findings.empty());
  CHECK(types(scan("phone 4155550132")) == std::vector<std::string>{"phone"});
  CHECK(types(scan("4155550132", "en-US")) == std::vector<std::string>{"phone"});
}

TEST_CASE("national ids with valid checks are masked; wrong checks are not", "[pii]") {
  Scan cpf = scan("meu CPF é 529.982.247-25");
  REQUIRE(cpf.findings.size() == 1);
  CHECK(cpf.findings[0].detail == "br_cpf");
  CHECK(cpf.masked == "meu CPF é ***.***.***-25");
  CHECK(scan("meu CPF é 529.982.247-26").findings.empty());
  CHECK(scan("cpf 52998224725").findings.at(0).detail == "br_cpf");

  CHECK(scan("DNI 12345678Z").findings.at(0).detail == "es_dni");
  CHECK(scan("DNI 12345678A").findings.empty());
  CHECK(scan("NIE X1234567L").findings.at(0).detail == "es_nie");
  CHECK(scan("주민번호 850101-1234566").findings.at(0).detail == "kr_rrn");
  CHECK(scan("주민번호 850101-1234567").findings.empty());
  CHECK(scan("身份证 11010519491231002X").findings.at(0).detail == "cn_resident_id");
  CHECK(scan("Aadhaar 2345 6789 0124").findings.at(0).detail == "in_aadhaar");
  CHECK(scan("SSN 123-45-6789").findings.at(0).detail == "us_ssn");
  CHECK(scan("SSN 666-45-6789").findings.empty());
}

TEST_CASE("secrets after a password word in many languages", "[pii]") {
  CHECK(scan("my password is hunter2").masked == "my password is ********");
  CHECK(scan("Password: S3cr3t!!").masked == "Password: ********");
  CHECK(scan("minha senha é abc123").masked == "minha senha é ********");
  CHECK(scan("mi contraseña es gato99.").masked == "mi contraseña es ********.");
  CHECK(scan("Mein Passwort ist Sommer2024").masked == "Mein Passwort ist ********");
  CHECK(scan("mon mot de passe est azerty").masked == "mon mot de passe est ********");
  CHECK(scan("パスワードはabc123です").masked == "パスワードは********です");
  CHECK(scan("비밀번호는 qwer1234").masked == "비밀번호는 ********");
  CHECK(scan("密码是abc123").masked == "密码是********");
  CHECK(scan("كلمة المرور: 12345abc").masked == "كلمة المرور: ********");
  CHECK(scan("my PIN is 4321").masked == "my PIN is ********");
  CHECK(scan("Password: S3cr3t!! thanks").masked == "Password: ******** thanks");
  Scan s = scan("pw hunter2");
  REQUIRE(s.findings.size() == 1);
  CHECK(s.findings[0].detail == "pw");
  CHECK(s.findings[0].start == 3);
  CHECK(s.findings[0].length == 7);
}

TEST_CASE("talking about a password is not a secret", "[pii]") {
  CHECK(scan("I forgot my password yesterday").findings.empty());
  CHECK(scan("password reset link please").findings.empty());
  CHECK(scan("the shipping pin was bent").findings.empty());
}

TEST_CASE("several findings are masked together, in text order", "[pii]") {
  Scan s = scan("I'm ana@mail.com, +55 11 98765-4321, card 5555555555554444");
  CHECK(types(s) == std::vector<std::string>{"email", "phone", "card"});
  CHECK(s.masked == "I'm a***@mail.com, +** ** *****-**21, card ************4444");
}
