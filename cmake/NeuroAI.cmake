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
  add_test(NAME ${name} COMMAND ${name})
  set(env "QT_QPA_PLATFORM=offscreen;NEUROAI_LOG_LEVEL=warn")
  set_tests_properties(${name} PROPERTIES ENVIRONMENT "${env}" LABELS "${ARG_LABELS}" TIMEOUT 300)
endfunction()
