# Native build: the core (with ICU), the `parley` CLI (tools, relay, benchmarks) and the Catch2 tests.
find_package(ICU 72 REQUIRED COMPONENTS uc i18n data)
find_package(nlohmann_json 3.11 REQUIRED)
find_package(Threads REQUIRED)
find_package(SQLite3 REQUIRED)
find_package(ZLIB REQUIRED)
find_package(BZip2 REQUIRED)  # parley train langid reads Unihan_Variants.txt.bz2 (libbz2-dev)
find_package(Catch2 2 REQUIRED)
find_package(PkgConfig REQUIRED)
pkg_check_modules(HTTPLIB REQUIRED IMPORTED_TARGET cpp-httplib)  # HTTP client of `parley bench relay` only
find_package(Boost 1.81 REQUIRED)  # header-only Asio + Beast: the relay's HTTP server (libboost1.81-dev)
find_package(OpenSSL 3 REQUIRED)   # the relay's outbox: https to providers with certificate checks (libssl-dev)
pkg_check_modules(LIBPQ REQUIRED IMPORTED_TARGET libpq)  # the relay's store on PostgreSQL (libpq-dev)
# Snowball stemmers for the knowledge index (libstemmer-dev: a header and the library, no pkg-config file).
find_path(STEMMER_INCLUDE_DIR libstemmer.h REQUIRED)
find_library(STEMMER_LIBRARY stemmer REQUIRED)

# One object library: every object is linked, so self-registering API methods are never dropped.
add_library(parley_core OBJECT ${PARLEY_CORE_SOURCES} ${PARLEY_ICU_SOURCES})
target_include_directories(parley_core PUBLIC ${CMAKE_SOURCE_DIR}/shared/include)
target_include_directories(parley_core PRIVATE ${STEMMER_INCLUDE_DIR})
target_link_libraries(parley_core PUBLIC nlohmann_json::nlohmann_json ICU::uc ICU::i18n ICU::data ${STEMMER_LIBRARY})
target_compile_definitions(parley_core PUBLIC PARLEY_WITH_ICU=1)
target_compile_options(parley_core PRIVATE ${PARLEY_WARNINGS})

file(GLOB_RECURSE PARLEY_CLI_SOURCES CONFIGURE_DEPENDS
  ${CMAKE_SOURCE_DIR}/tools/parley/*.cpp ${CMAKE_SOURCE_DIR}/tools/relay/*.cpp)
add_executable(parley ${PARLEY_CLI_SOURCES})
target_include_directories(parley PRIVATE ${CMAKE_SOURCE_DIR}/tools)
target_link_libraries(parley PRIVATE parley_core SQLite::SQLite3 PkgConfig::LIBPQ ZLIB::ZLIB BZip2::BZip2 PkgConfig::HTTPLIB Boost::headers OpenSSL::SSL OpenSSL::Crypto Threads::Threads)
target_compile_definitions(parley PRIVATE PARLEY_SOURCE_DIR="${CMAKE_SOURCE_DIR}")
target_compile_options(parley PRIVATE ${PARLEY_WARNINGS})
if(PARLEY_SANITIZE AND CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  # Clang 14 cannot emit UBSan checks inside the server's coroutines ("Cannot represent a
  # difference across sections"); that file keeps ASan only.
  set_source_files_properties(${CMAKE_SOURCE_DIR}/tools/relay/server.cpp PROPERTIES COMPILE_OPTIONS -fno-sanitize=undefined)
endif()
# Unity builds (the presets turn them on): the server's coroutine frames hold anonymous-namespace
# types, which GCC's -Wsubobject-linkage rejects once the file is not the main file; it compiles alone.
set_source_files_properties(${CMAKE_SOURCE_DIR}/tools/relay/server.cpp PROPERTIES SKIP_UNITY_BUILD_INCLUSION ON)

file(GLOB_RECURSE PARLEY_TEST_SOURCES CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/tests/unit/*.cpp)
add_executable(parley_tests ${PARLEY_TEST_SOURCES})
target_link_libraries(parley_tests PRIVATE parley_core Catch2::Catch2)
# Catch2's implementation is compiled where CATCH_CONFIG_MAIN precedes the header: alone.
set_source_files_properties(${CMAKE_SOURCE_DIR}/tests/unit/main.cpp PROPERTIES SKIP_UNITY_BUILD_INCLUSION ON)
target_compile_definitions(parley_tests PRIVATE PARLEY_SOURCE_DIR="${CMAKE_SOURCE_DIR}")
target_compile_options(parley_tests PRIVATE ${PARLEY_WARNINGS})

# The Studio natively (studio/platform_native.cpp, docs/studio.md), for development: Debian's ImGui
# 1.86 (libimgui-dev: the library with its GLFW and OpenGL 3 backends), GLFW 3, desktop OpenGL, the
# core as above. Off for a bare `cmake`, on in the presets: the smoke test runs it under Xvfb with
# Mesa's software OpenGL (tests/e2e/studio-native.test.mjs; xvfb is in tools/dev's setup list).
option(PARLEY_STUDIO_NATIVE "Build the Studio natively (GLFW + OpenGL) for development" OFF)
if(PARLEY_STUDIO_NATIVE)
  pkg_check_modules(IMGUI REQUIRED IMPORTED_TARGET imgui)
  pkg_check_modules(GLFW REQUIRED IMPORTED_TARGET glfw3)
  find_package(OpenGL REQUIRED)
  file(GLOB PARLEY_STUDIO_NATIVE_SOURCES CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/studio/*.cpp)
  add_executable(parley-studio ${PARLEY_STUDIO_NATIVE_SOURCES})
  set_target_properties(parley-studio PROPERTIES UNITY_BUILD OFF)  # as in the wasm build: each view file alone
  target_include_directories(parley-studio PRIVATE ${IMGUI_INCLUDEDIR}/backends)
  target_link_libraries(parley-studio PRIVATE parley_core PkgConfig::IMGUI PkgConfig::GLFW OpenGL::GL ${CMAKE_DL_LIBS})
  target_compile_definitions(parley-studio PRIVATE PARLEY_SOURCE_DIR="${CMAKE_SOURCE_DIR}")
  target_compile_options(parley-studio PRIVATE ${PARLEY_WARNINGS})
endif()

enable_testing()
include(Catch)
catch_discover_tests(parley_tests WORKING_DIRECTORY ${CMAKE_SOURCE_DIR}
  PROPERTIES ENVIRONMENT "PARLEY_GOLDEN_OUT=${CMAKE_BINARY_DIR}/golden-native.jsonl")

# libFuzzer targets (clang only: the `native-asan` preset builds them beside the sanitized unit
# tests, from the same core objects). The core carries the coverage instrumentation the fuzzer
# steers by; linked into parley_tests, ASan's runtime answers those hooks.
if(PARLEY_FUZZ)
  target_compile_options(parley_core PRIVATE -fsanitize=fuzzer-no-link)
  add_executable(parley_api_fuzz ${CMAKE_SOURCE_DIR}/tests/fuzz/api_fuzz.cpp)
  target_link_libraries(parley_api_fuzz PRIVATE parley_core)
  target_compile_options(parley_api_fuzz PRIVATE -fsanitize=fuzzer)
  target_link_options(parley_api_fuzz PRIVATE -fsanitize=fuzzer)
  # The relay's HTTP request reader on raw bytes: built with the preset, run by hand (a figure, not a gate).
  add_executable(parley_http_fuzz ${CMAKE_SOURCE_DIR}/tests/fuzz/http_fuzz.cpp
    ${CMAKE_SOURCE_DIR}/tools/relay/http_parser.cpp ${CMAKE_SOURCE_DIR}/tools/relay/router.cpp)
  target_include_directories(parley_http_fuzz PRIVATE ${CMAKE_SOURCE_DIR}/tools)
  target_include_directories(parley_http_fuzz PRIVATE ${CMAKE_SOURCE_DIR}/shared/include)
  target_link_libraries(parley_http_fuzz PRIVATE nlohmann_json::nlohmann_json Boost::headers)  # no core needed
  target_compile_options(parley_http_fuzz PRIVATE -fsanitize=fuzzer)
  target_link_options(parley_http_fuzz PRIVATE -fsanitize=fuzzer)
endif()
