// exp and log that give the same bits in every build: triage probabilities and the retrieval
// encoder's training are compared byte for byte across native and wasm (see parley/text.h).
#include "parley/text.h"

#include <cmath>

namespace parley::text {
double exp_det(double x) {
  if (!(x >= -745)) return 0;  // also NaN: never cast it to an int below
  if (x > 709) x = 709;
  constexpr double log2e = 1.4426950408889634, ln2_hi = 6.93147180369123816490e-01, ln2_lo = 1.90821492927058770002e-10;
  double k = std::floor(x * log2e + 0.5);
  double r = (x - k * ln2_hi) - k * ln2_lo;  // |r| <= ~0.35
  double term = 1, sum = 1;
  for (int n = 1; n <= 13; ++n) {
    term = term * r / n;
    sum += term;
  }
  return std::ldexp(sum, static_cast<int>(k));
}

double log_det(double x) {
  if (!(x > 0)) return -745;  // log 0 (and NaN): far below any input the calibrator sees
  int e = 0;
  double m = std::frexp(x, &e);  // exact: x = m · 2^e, m in [0.5, 1)
  if (m < 0.70710678118654752) { m *= 2; --e; }
  const double s = (m - 1) / (m + 1), s2 = s * s;  // |s| < 0.172
  double term = s, sum = 0;
  for (int n = 1; n <= 29; n += 2) {
    sum += term / n;
    term *= s2;
  }
  return 2 * sum + e * 0.69314718055994530942;
}
}  // namespace parley::text
