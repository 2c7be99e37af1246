// Studio — the functions the shell calls (shell.js through the wasm exports, natively
// platform_native.cpp), defined in main.cpp. Answers are malloc'd JSON strings the caller frees
// with studio_free. docs/studio.md describes each document.
#pragma once
#include <cstddef>

extern "C" {
int studio_put(const char* kind, const char* name, const char* data, std::size_t len);
char* studio_open();
char* studio_state();
char* studio_views_state();
char* studio_load(const char* kind, const char* name, const char* data, std::size_t len, const char* now, const char* time_zone);
void studio_set_ui_language(const char* code);
int studio_show_tab(const char* tab);
void studio_free(char* p);
}
