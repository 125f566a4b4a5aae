# Project-wide compile options and the helper that registers a Qt Test with CTest.

add_library(neuroai_options INTERFACE)
target_compile_options(neuroai_options INTERFACE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor)
# GCC 12 reports false -Wrestrict positives inside libstdc++'s std::string concatenation at -O3 (GCC bug 105329).
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
  target_compile_options(neuroai_options INTERFACE -Wno-restrict)
endif()
if(NEUROAI_WERROR)
  target_compile_options(neuroai_options INTERFACE -Werror)
endif()

# Link with lld (else gold) when the toolchain has it. A clean build links ~70 test programs against Qt and our static
# libraries, and GNU ld is the slow part of that: one GUI test took 8.8 s with ld, 4.6 s with gold, 3.7 s with lld
# (same objects, same machine). NEUROAI_LINKER=default keeps the system linker.
set(NEUROAI_LINKER "auto" CACHE STRING "Linker: auto (lld, else gold, else the default), lld, gold or default")
if(NEUROAI_LINKER STREQUAL "auto")
  include(CheckLinkerFlag)
  foreach(candidate lld gold)
    check_linker_flag(CXX "-fuse-ld=${candidate}" NEUROAI_HAS_LINKER_${candidate})
    if(NEUROAI_HAS_LINKER_${candidate})
      add_link_options(-fuse-ld=${candidate})
      message(STATUS "Linking with ${candidate}")
      break()
    endif()
  endforeach()
elseif(NEUROAI_LINKER MATCHES "^(lld|gold)$")
  add_link_options(-fuse-ld=${NEUROAI_LINKER})
elseif(NOT NEUROAI_LINKER STREQUAL "default")
  message(FATAL_ERROR "NEUROAI_LINKER must be auto, lld, gold or default, not '${NEUROAI_LINKER}'")
endif()

if(NEUROAI_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "NEUROAI_FUZZ needs clang (libFuzzer): configure with CXX=clang++")
  endif()
  # Everything of ours gets coverage feedback and the sanitizers; the harness links libFuzzer's main.
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()

if(NEUROAI_SANITIZE STREQUAL "address")
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
elseif(NEUROAI_SANITIZE STREQUAL "thread")
  add_compile_options(-fsanitize=thread -fno-omit-frame-pointer)
  add_link_options(-fsanitize=thread)
elseif(NOT NEUROAI_SANITIZE STREQUAL "")
  message(FATAL_ERROR "NEUROAI_SANITIZE must be empty, 'address' or 'thread', not '${NEUROAI_SANITIZE}'")
endif()

# Precompiled headers: build time only, no effect on the code. Each GUI library parses the Qt headers it shares once,
# and the test suites that link the same library share one precompiled header (a small "host" object library per
# library builds it; the suites reuse it). Measured in the ASan build: parsing Qt Widgets + Charts + QtTest takes
# 5-10 s of a GUI source's 20-40 s, and there are ~90 such sources. NEUROAI_PCH=OFF builds without them, which keeps
# every source's own #includes honest (CI's Release pass does that).
option(NEUROAI_PCH "Precompile the common Qt and standard headers (faster builds; no effect on the program)" ON)
set(NEUROAI_PCH_STD <algorithm> <cmath> <functional> <memory> <optional> <string> <vector>)
set(NEUROAI_PCH_GUI <QApplication> <QComboBox> <QGridLayout> <QHBoxLayout> <QLabel> <QPainter> <QPushButton> <QTimer>
  <QVBoxLayout> <QWidget> <QtCharts/QChart> <QtCharts/QChartView> <QtCharts/QLineSeries> <QtCharts/QScatterSeries>
  <QtCharts/QValueAxis>)

# neuroai_precompile(TARGET HEADERS...): precompiled headers for a library, when NEUROAI_PCH is on.
function(neuroai_precompile target)
  if(NEUROAI_PCH)
    target_precompile_headers(${target} PRIVATE ${ARGN})
  endif()
endfunction()

# neuroai_add_qt_test(NAME SOURCES... LIBRARIES... [LABELS ...] [GUI])
# Builds a Qt Test executable and registers it with CTest. GUI tests run on the offscreen platform.
function(neuroai_add_qt_test name)
  cmake_parse_arguments(ARG "GUI" "" "SOURCES;LIBRARIES;LABELS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE Qt6::Test ${ARG_LIBRARIES} neuroai_options)
  target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR}/tests)  # shared test helpers (SafeDevice.h)
  target_compile_definitions(${name} PRIVATE
    NEUROAI_TEST_DATA_DIR="${PROJECT_SOURCE_DIR}/tests/data"
    NEUROAI_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
  # Suites that link exactly one of our libraries reuse that group's precompiled header (built by a host target with
  # the same libraries, include paths and definitions, which GCC requires for the header to be valid).
  if(NEUROAI_PCH AND ARG_LIBRARIES MATCHES "^(neuroai_engine|neuroai_widgets|neuroai_chapters|neuroai_app)$")
    set(host neuroai_test_pch_${ARG_LIBRARIES})
    if(NOT TARGET ${host})
      add_library(${host} OBJECT ${PROJECT_SOURCE_DIR}/tests/PchHost.cpp)
      target_link_libraries(${host} PRIVATE Qt6::Test ${ARG_LIBRARIES} neuroai_options)
      target_include_directories(${host} PRIVATE ${PROJECT_SOURCE_DIR}/tests)
      target_compile_definitions(${host} PRIVATE
        NEUROAI_TEST_DATA_DIR="${PROJECT_SOURCE_DIR}/tests/data"
        NEUROAI_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
      set_target_properties(${host} PROPERTIES AUTOMOC OFF AUTOUIC OFF AUTORCC OFF)
      set(headers <QTest> <QSignalSpy> ${NEUROAI_PCH_STD})
      if(ARG_LIBRARIES STREQUAL "neuroai_engine")
        list(APPEND headers <Eigen/Dense>)
      else()
        list(APPEND headers ${NEUROAI_PCH_GUI})
      endif()
      target_precompile_headers(${host} PRIVATE ${headers})
    endif()
    target_precompile_headers(${name} REUSE_FROM ${host})
    # A suite includes its own moc output, so AUTOMOC's mocs_compilation.cpp is empty: loading the 170 MB header
    # for it cost 1.4 s against 0.06 s without.
    set_source_files_properties("${CMAKE_CURRENT_BINARY_DIR}/${name}_autogen/mocs_compilation.cpp"
      PROPERTIES SKIP_PRECOMPILE_HEADERS ON)
  endif()
  add_test(NAME ${name} COMMAND ${name})
  set(env "QT_QPA_PLATFORM=offscreen;NEUROAI_LOG_LEVEL=warn")
  # A tripwire for hangs, not a budget: sanitizer builds run the suites 3-15 times slower, so they get twice as long.
  set(timeout 300)
  if(NEUROAI_SANITIZE)
    set(timeout 600)
  endif()
  set_tests_properties(${name} PROPERTIES ENVIRONMENT "${env}" LABELS "${ARG_LABELS}" TIMEOUT ${timeout})
endfunction()
