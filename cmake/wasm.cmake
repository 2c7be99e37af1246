# WebAssembly build (emcmake): two modules from the same core sources.
#   parley-widget  small core for the customer widget: validation, PII masking, safe rendering; no ICU
#   parley-full    full core for Assist (in a Web Worker) and the Studio: everything, with ICU
# Both export one C ABI (wasm/api/boundary.cpp) and are CSP-clean (-sDYNAMIC_EXECUTION=0).
set(PARLEY_ICU_WASM_DIR "" CACHE PATH "Prefix of the ICU wasm build (lib/, include/) made by wasm/icu/build.sh")
# Snowball's stemmers for the knowledge index (include/libstemmer.h, lib/libstemmer.a): the cores
# with knowledge (parley-kb, parley-full) need them; natively Debian's libstemmer-dev.
set(PARLEY_STEMMER_WASM_DIR "" CACHE PATH "Prefix of the stemmers' wasm build made by wasm/stemmer/build.sh")

# emcc must not see /usr/include (glibc headers); expose only nlohmann/ through a private folder.
set(PARLEY_SYSINC ${CMAKE_BINARY_DIR}/sysinc)
file(MAKE_DIRECTORY ${PARLEY_SYSINC})
if(NOT EXISTS ${PARLEY_SYSINC}/nlohmann)
  file(CREATE_LINK /usr/include/nlohmann ${PARLEY_SYSINC}/nlohmann SYMBOLIC)
endif()

set(PARLEY_WASM_COMPILE -fwasm-exceptions ${PARLEY_WARNINGS})
set(PARLEY_WASM_LINK
  -fwasm-exceptions
  -sMODULARIZE=1 -sEXPORT_ES6=1 -sENVIRONMENT=web,worker,node
  -sDYNAMIC_EXECUTION=0 -sFILESYSTEM=0 -sALLOW_MEMORY_GROWTH=1
  -sEXPORTED_FUNCTIONS=_parley_call,_parley_free,_parley_put_asset,_parley_set_icu_data,_malloc,_free
  "-sEXPORTED_RUNTIME_METHODS=['UTF8ToString','stringToUTF8','lengthBytesUTF8']"
  -sINCOMING_MODULE_JS_API=wasmBinary,locateFile,print,printErr,instantiateWasm
  -sTEXTDECODER=2)

set(PARLEY_DIST ${CMAKE_BINARY_DIR}/dist)
file(MAKE_DIRECTORY ${PARLEY_DIST})

function(parley_wasm_module name)
  cmake_parse_arguments(M "" "EXPORT_NAME" "SOURCES;DEFINITIONS;LIBS;INCLUDES;COMPILE_OPTIONS;LINK_OPTIONS" ${ARGN})
  add_executable(${name} ${CMAKE_SOURCE_DIR}/wasm/api/boundary.cpp ${M_SOURCES})
  set_target_properties(${name} PROPERTIES SUFFIX ".mjs" RUNTIME_OUTPUT_DIRECTORY ${PARLEY_DIST})
  target_include_directories(${name} PRIVATE ${CMAKE_SOURCE_DIR}/shared/include ${PARLEY_SYSINC} ${M_INCLUDES})
  target_compile_definitions(${name} PRIVATE ${M_DEFINITIONS})
  target_compile_options(${name} PRIVATE ${PARLEY_WASM_COMPILE} ${M_COMPILE_OPTIONS})
  target_link_options(${name} PRIVATE ${PARLEY_WASM_LINK} -sEXPORT_NAME=${M_EXPORT_NAME} ${M_LINK_OPTIONS})
  target_link_libraries(${name} PRIVATE ${M_LIBS})
endfunction()

# esbuild (Debian package `esbuild`) minifies what the widget's first open downloads; optional.
find_program(PARLEY_ESBUILD esbuild)
find_program(PARLEY_NODE NAMES node nodejs)

# The widget core carries only what the customer's first open needs (DESIGN §5): validation and
# safe display (text), PII masking before sending (pii). The chat app calls nothing else; message
# shapes (model: 98 KB of code, nlohmann inlined), language id, triage, knowledge, drafting, routing
# … run in Assist's full core. Built for size (-Oz, LTO, emmalloc: 112.6 → 58 KB gzip): the first
# open stays ≤ 100 KB gzip.
# A small core of a few modules, without ICU, built for size (-Oz, LTO, emmalloc: 112.6 → 58 KB
# gzip for the widget's). Emscripten 3.1.6 minifies whitespace only (no Closure in Debian):
# esbuild shortens the glue's local names too (12.2 → 6.7 KB, 4.0 → 3.0 KB gzip). Exports,
# property names and the node branch (require, __dirname) stay as they are.
function(parley_small_wasm_module name export_name)
  string(JOIN "|" module_re ${ARGN})
  set(sources ${PARLEY_CORE_SOURCES})
  list(FILTER sources INCLUDE REGEX "/shared/src/(${module_re})/")
  set(stemmer_include "")
  set(stemmer_lib "")
  if("knowledge" IN_LIST ARGN)
    set(stemmer_include ${PARLEY_STEMMER_WASM_DIR}/include)
    set(stemmer_lib ${PARLEY_STEMMER_WASM_DIR}/lib/libstemmer.a)
  endif()
  parley_wasm_module(${name} EXPORT_NAME ${export_name}
    SOURCES ${sources} DEFINITIONS PARLEY_WITH_ICU=0 INCLUDES ${stemmer_include} LIBS ${stemmer_lib}
    COMPILE_OPTIONS -Oz -flto LINK_OPTIONS -Oz -flto -sMALLOC=emmalloc)
  if(PARLEY_ESBUILD)
    add_custom_command(TARGET ${name} POST_BUILD
      COMMAND ${PARLEY_ESBUILD} ${PARLEY_DIST}/${name}.mjs --minify --format=esm --target=es2020
              --log-level=error --allow-overwrite --outfile=${PARLEY_DIST}/${name}.mjs)
  endif()
endfunction()

# The widget core carries only what the customer's first open needs (DESIGN §5): validation and
# safe display (text), PII masking before sending (pii); language id, triage, drafting, routing …
# run in Assist's full core. The first open stays ≤ 100 KB gzip.
parley_small_wasm_module(parley-widget createParleyWidgetCore api assets text pii)
# The knowledge core: on-device article suggestions as the customer types (widget/app/suggest.js),
# fetched only then, never on the first open. knowledge needs text only.
# knowledge stems with Snowball (wasm/stemmer/build.sh).
if(PARLEY_STEMMER_WASM_DIR)
  parley_small_wasm_module(parley-kb createParleyKbCore api assets text knowledge)
else()
  message(WARNING "PARLEY_STEMMER_WASM_DIR not set: neither the knowledge core nor the full core is built (run wasm/stemmer/build.sh)")
endif()

# The chat app as served (widget/build-app.mjs): bundled and minified with esbuild (Debian package
# `esbuild`) into build/wasm/widget-app/, which the relay serves at /widget/app/ in place of the
# sources. Without esbuild the relay serves the sources as written (heavier, same behaviour).
if(PARLEY_ESBUILD AND PARLEY_NODE)
  file(GLOB_RECURSE PARLEY_WIDGET_APP_FILES CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/widget/app/*)
  set(PARLEY_WIDGET_APP_OUT ${CMAKE_BINARY_DIR}/widget-app)
  add_custom_command(OUTPUT ${PARLEY_WIDGET_APP_OUT}/app.js ${PARLEY_WIDGET_APP_OUT}/chatwoot.js ${PARLEY_WIDGET_APP_OUT}/app.css ${PARLEY_WIDGET_APP_OUT}/index.html
    COMMAND ${PARLEY_NODE} ${CMAKE_SOURCE_DIR}/widget/build-app.mjs ${PARLEY_WIDGET_APP_OUT} ${PARLEY_ESBUILD}
    DEPENDS ${CMAKE_SOURCE_DIR}/widget/build-app.mjs ${PARLEY_WIDGET_APP_FILES} ${CMAKE_SOURCE_DIR}/wasm/js/parley-core.js
    COMMENT "Bundling and minifying the chat app (esbuild)")
  add_custom_target(parley-widget-app ALL DEPENDS ${PARLEY_WIDGET_APP_OUT}/app.js)
else()
  message(WARNING "esbuild or node not found: the chat app is served unminified (apt-get install esbuild)")
endif()

# The metrics page's charts: Observable Plot (npm, package.json) bundled into one ES module that
# the relay serves at /console/vendor/plot.js. Without it the page shows its tables only.
if(PARLEY_ESBUILD AND EXISTS ${CMAKE_SOURCE_DIR}/node_modules/@observablehq/plot/package.json)
  set(PARLEY_CONSOLE_VENDOR ${CMAKE_BINARY_DIR}/console-vendor)
  add_custom_command(OUTPUT ${PARLEY_CONSOLE_VENDOR}/plot.js
    COMMAND ${PARLEY_ESBUILD} ${CMAKE_SOURCE_DIR}/site/console/plot-entry.js --bundle --minify --format=esm --target=es2020
            --log-level=error --outfile=${PARLEY_CONSOLE_VENDOR}/plot.js
    DEPENDS ${CMAKE_SOURCE_DIR}/site/console/plot-entry.js ${CMAKE_SOURCE_DIR}/node_modules/@observablehq/plot/package.json
    COMMENT "Bundling Observable Plot for the metrics page (esbuild)")
  add_custom_target(parley-console-vendor ALL DEPENDS ${PARLEY_CONSOLE_VENDOR}/plot.js)
else()
  message(WARNING "esbuild or node_modules/@observablehq/plot missing: the metrics page shows tables only (npm ci)")
endif()

if(PARLEY_ICU_WASM_DIR AND PARLEY_STEMMER_WASM_DIR)
  # The full core is compiled once, as one object library (every object linked, so self-registering
  # methods are never dropped): parley-full and the Studio link the same objects, and adding the
  # Studio does not compile the core a second time.
  add_library(parley-full-core OBJECT ${PARLEY_CORE_SOURCES} ${PARLEY_ICU_SOURCES})
  target_include_directories(parley-full-core PUBLIC ${CMAKE_SOURCE_DIR}/shared/include ${PARLEY_SYSINC} ${PARLEY_ICU_WASM_DIR}/include
                             ${PARLEY_STEMMER_WASM_DIR}/include)
  target_compile_definitions(parley-full-core PUBLIC PARLEY_WITH_ICU=1 U_STATIC_IMPLEMENTATION=1)
  # 128-bit SIMD (every current browser; node ≥ 16): the knowledge index's int8 dot products over
  # every article piece vectorise. Integer sums and IEEE float lanes: answers stay identical to native.
  target_compile_options(parley-full-core PRIVATE ${PARLEY_WASM_COMPILE} -msimd128)
  target_link_libraries(parley-full-core INTERFACE ${PARLEY_STEMMER_WASM_DIR}/lib/libstemmer.a
    ${PARLEY_ICU_WASM_DIR}/lib/libicui18n.a ${PARLEY_ICU_WASM_DIR}/lib/libicuuc.a ${PARLEY_ICU_WASM_DIR}/lib/libicudata.a)

  parley_wasm_module(parley-full EXPORT_NAME createParleyFullCore LIBS parley-full-core)
  # The trimmed ICU data ships beside the module; the JS wrapper hands it to parley_set_icu_data.
  add_custom_command(TARGET parley-full POST_BUILD
    COMMAND ${CMAKE_COMMAND} -E copy_if_different ${PARLEY_ICU_WASM_DIR}/data/icudt72l.dat ${PARLEY_DIST}/icudt72l.dat)

  # The Studio (studio/, docs/studio.md): Dear ImGui from Debian's source package (tools/dev
  # passes its tree), GLFW and WebGL2 as Emscripten builds them in, the full core linked from the
  # objects above. Served by the relay at /studio/ from build/wasm/studio/.
  set(PARLEY_IMGUI_SRC "" CACHE PATH "Debian's imgui source tree (apt-get source imgui), for the Studio")
  set(studio_fonts /usr/share/fonts/truetype/noto/NotoSans-Regular.ttf /usr/share/fonts/truetype/noto/NotoSansArabic-Regular.ttf
                   /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc)
  set(studio_fonts_found TRUE)
  # Monochrome emoji (ImGui 1.86's stb_truetype draws no colour glyphs): subset, never shipped whole.
  set(studio_emoji_font /usr/share/fonts/truetype/ancient-scripts/Symbola_hint.ttf)
  if(NOT EXISTS ${studio_emoji_font})
    set(studio_fonts_found FALSE)
    message(WARNING "${studio_emoji_font} missing: the Studio is not built (apt-get install fonts-symbola; tools/dev setup does)")
  endif()
  foreach(f ${studio_fonts})
    if(NOT EXISTS ${f})
      set(studio_fonts_found FALSE)
      message(WARNING "${f} missing: the Studio is not built (apt-get install fonts-noto-core fonts-noto-cjk; tools/dev setup does)")
    endif()
  endforeach()
  # The CJK faces are subset at build time to the text the Studio ships with (studio/subset-fonts.py,
  # Debian's fonttools): run by the Python that Debian's pyftsubset runs under, which has fontTools.
  find_program(PARLEY_PYFTSUBSET pyftsubset)
  set(studio_subset_python "")
  if(PARLEY_PYFTSUBSET)
    file(STRINGS ${PARLEY_PYFTSUBSET} pyftsubset_shebang LIMIT_COUNT 1)
    string(REGEX REPLACE "^#! *([^ ]+).*" "\\1" studio_subset_python "${pyftsubset_shebang}")
  endif()
  if(NOT studio_subset_python)
    set(studio_fonts_found FALSE)
    message(WARNING "pyftsubset missing: the Studio is not built (apt-get install fonttools; tools/dev setup does)")
  endif()
  if(PARLEY_IMGUI_SRC AND EXISTS ${PARLEY_IMGUI_SRC}/imgui.cpp AND studio_fonts_found)
    set(PARLEY_STUDIO_DIST ${CMAKE_BINARY_DIR}/studio)
    file(GLOB PARLEY_STUDIO_SOURCES CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/studio/*.cpp)
    set(imgui_sources imgui.cpp imgui_draw.cpp imgui_tables.cpp imgui_widgets.cpp backends/imgui_impl_glfw.cpp backends/imgui_impl_opengl3.cpp)
    list(TRANSFORM imgui_sources PREPEND ${PARLEY_IMGUI_SRC}/)
    add_executable(parley-studio ${PARLEY_STUDIO_SOURCES} ${imgui_sources})
    # Not a unity build: ImGui's files are compiled as Debian ships them, each on its own.
    set_target_properties(parley-studio PROPERTIES SUFFIX ".mjs" RUNTIME_OUTPUT_DIRECTORY ${PARLEY_STUDIO_DIST} UNITY_BUILD OFF)
    target_include_directories(parley-studio PRIVATE ${PARLEY_IMGUI_SRC} ${PARLEY_IMGUI_SRC}/backends)
    # 32-bit ImWchar: the emoji above the BMP (the monochrome Symbola fallback, studio/fonts.cpp).
    target_compile_definitions(parley-studio PRIVATE IMGUI_IMPL_OPENGL_ES3 IMGUI_USE_WCHAR32)
    target_compile_options(parley-studio PRIVATE -fwasm-exceptions)
    # Our warnings (and -Werror) on our files only; ImGui is compiled as Debian ships it.
    set_source_files_properties(${PARLEY_STUDIO_SOURCES} PROPERTIES COMPILE_OPTIONS "${PARLEY_WARNINGS}")
    target_link_libraries(parley-studio PRIVATE parley-full-core)
    target_link_options(parley-studio PRIVATE
      -fwasm-exceptions -sUSE_GLFW=3 -sUSE_WEBGL2=1 -sFULL_ES3=1 -sMIN_WEBGL_VERSION=2 -sMAX_WEBGL_VERSION=2
      -sMODULARIZE=1 -sEXPORT_ES6=1 -sEXPORT_NAME=createParleyStudio -sENVIRONMENT=web
      -sDYNAMIC_EXECUTION=0 -sALLOW_MEMORY_GROWTH=1 -sINITIAL_MEMORY=64MB
      -sEXPORTED_FUNCTIONS=_main,_studio_put,_studio_open,_studio_state,_studio_edit,_studio_template_file,_studio_set_ui_language,_studio_show_worst,_studio_resize,_studio_free,_studio_frame_times,_studio_load,_studio_views_state,_studio_replay_record,_studio_replay_step,_studio_metrics_measure,_studio_metrics_select,_studio_show_tab,_studio_frame,_studio_fonts_state,_studio_text_input,_malloc,_free
      "-sEXPORTED_RUNTIME_METHODS=['UTF8ToString','stringToUTF8','lengthBytesUTF8','callMain']"
      -sINVOKE_RUN=0 -sTEXTDECODER=2)
    # The page, its script and stylesheet, the fill values, the demo's evidence chain and event
    # export (replay and metrics views) and the fonts (Debian's Noto packages; the whole CJK
    # collection is fetched only when text needs a character the subsets lack) beside the module:
    # /studio/ is one folder.
    set(studio_files index.html shell.js studio.css fills.json demo-evidence.jsonl demo-events.jsonl)
    set(studio_outputs)
    foreach(f ${studio_files})
      add_custom_command(OUTPUT ${PARLEY_STUDIO_DIST}/${f} COMMAND ${CMAKE_COMMAND} -E copy_if_different ${CMAKE_SOURCE_DIR}/studio/${f} ${PARLEY_STUDIO_DIST}/${f}
        DEPENDS ${CMAKE_SOURCE_DIR}/studio/${f})
      list(APPEND studio_outputs ${PARLEY_STUDIO_DIST}/${f})
    endforeach()
    foreach(f ${studio_fonts})
      get_filename_component(fname ${f} NAME)
      add_custom_command(OUTPUT ${PARLEY_STUDIO_DIST}/fonts/${fname} COMMAND ${CMAKE_COMMAND} -E copy_if_different ${f} ${PARLEY_STUDIO_DIST}/fonts/${fname} DEPENDS ${f})
      list(APPEND studio_outputs ${PARLEY_STUDIO_DIST}/fonts/${fname})
    endforeach()
    # The text the subset covers: the UI strings, the demo pack (templates, lint, manifest), the
    # fill values, the demo exports and what the core's ICU formats add (dates: 年, 월, …). Anything else CJK makes the app fetch the full collection.
    file(GLOB studio_demo_templates CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/site/packs/demo/templates/*.json)
    set(studio_subset_texts ${CMAKE_SOURCE_DIR}/studio/strings.cpp ${CMAKE_SOURCE_DIR}/studio/subset-extra.txt ${CMAKE_SOURCE_DIR}/studio/fills.json
        ${CMAKE_SOURCE_DIR}/studio/demo-evidence.jsonl ${CMAKE_SOURCE_DIR}/studio/demo-events.jsonl
        ${CMAKE_SOURCE_DIR}/site/packs/demo/pack.json ${CMAKE_SOURCE_DIR}/site/packs/demo/lint.json ${studio_demo_templates})
    set(studio_subset_outputs ${PARLEY_STUDIO_DIST}/fonts/NotoSansCJKjp-subset.otf ${PARLEY_STUDIO_DIST}/fonts/NotoSansCJKkr-subset.otf
        ${PARLEY_STUDIO_DIST}/fonts/NotoSansCJKsc-subset.otf ${PARLEY_STUDIO_DIST}/fonts/NotoSansCJKtc-subset.otf
        ${PARLEY_STUDIO_DIST}/fonts/Symbola-subset.ttf
        ${PARLEY_STUDIO_DIST}/fonts/cjk-subset.txt)
    add_custom_command(OUTPUT ${studio_subset_outputs}
      COMMAND ${studio_subset_python} ${CMAKE_SOURCE_DIR}/studio/subset-fonts.py --collection /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc
              --emoji ${studio_emoji_font}
              --out ${PARLEY_STUDIO_DIST}/fonts ${studio_subset_texts}
      DEPENDS ${CMAKE_SOURCE_DIR}/studio/subset-fonts.py /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc ${studio_emoji_font} ${studio_subset_texts}
      COMMENT "Subsetting Noto Sans CJK JP/KR/SC/TC and Symbola to the Studio's text (fonttools)")
    list(APPEND studio_outputs ${studio_subset_outputs})
    add_custom_target(parley-studio-files ALL DEPENDS ${studio_outputs})
    add_custom_command(TARGET parley-studio POST_BUILD
      COMMAND ${CMAKE_COMMAND} -E copy_if_different ${PARLEY_ICU_WASM_DIR}/data/icudt72l.dat ${PARLEY_STUDIO_DIST}/icudt72l.dat)
  elseif(NOT PARLEY_IMGUI_SRC)
    message(WARNING "PARLEY_IMGUI_SRC not set: the Studio is not built (tools/dev passes Debian's imgui sources)")
  endif()
elseif(NOT PARLEY_ICU_WASM_DIR)
  message(WARNING "PARLEY_ICU_WASM_DIR not set: the full core is not built (run wasm/icu/build.sh)")
endif()
