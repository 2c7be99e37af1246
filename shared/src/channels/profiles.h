// Internal: the compiled-in profile JSON (profiles_data.cpp).
#pragma once
namespace parley::channels {
const char* default_profiles_json();
}
