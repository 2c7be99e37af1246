// Internal to langid/: how the browser's locale, the channel's country and the channel itself
// shift close calls (an additive bonus in nats on a language's log-likelihood).
#pragma once
#include "parley/langid.h"

namespace parley::langid {
double prior_bonus(const std::string& language, const Hints& hints);
}
