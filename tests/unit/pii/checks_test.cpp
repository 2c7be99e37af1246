#include "parley/pii.h"

#include <catch2/catch.hpp>

using namespace parley::pii;

TEST_CASE("Luhn accepts test card numbers and rejects one changed digit", "[pii]") {
  CHECK(luhn_valid("4111111111111111"));
  CHECK(luhn_valid("378282246310005"));
  CHECK(luhn_valid("5555555555554444"));
  CHECK_FALSE(luhn_valid("4111111111111112"));
  CHECK_FALSE(luhn_valid("41111111x1111111"));
}

TEST_CASE("IBAN needs the country's length and mod 97", "[pii]") {
  CHECK(iban_valid("DE89370400440532013000"));
  CHECK(iban_valid("GB82WEST12345698765432"));
  CHECK(iban_valid("FR1420041010050500013M02606"));
  CHECK_FALSE(iban_valid("DE89370400440532013001"));   // check fails
  CHECK_FALSE(iban_valid("DE8937040044053201300"));    // one short for Germany
  CHECK_FALSE(iban_valid("QQ89370400440532013000"));   // no such country
}

TEST_CASE("national ids: valid check digits pass, a changed digit fails", "[pii]") {
  CHECK(cpf_valid("52998224725"));
  CHECK_FALSE(cpf_valid("52998224726"));
  CHECK_FALSE(cpf_valid("11111111111"));  // passes the sums but is not issued
  CHECK(dni_valid("12345678Z"));
  CHECK_FALSE(dni_valid("12345678A"));
  CHECK(dni_valid("X1234567L"));
  CHECK(rrn_valid("8501011234566"));
  CHECK_FALSE(rrn_valid("8501011234567"));
  CHECK_FALSE(rrn_valid("8513011234566"));  // month 13
  CHECK(cn_resident_id_valid("11010519491231002X"));
  CHECK_FALSE(cn_resident_id_valid("110105194912310021"));
  CHECK(aadhaar_valid("234567890124"));
  CHECK_FALSE(aadhaar_valid("234567890123"));
}
