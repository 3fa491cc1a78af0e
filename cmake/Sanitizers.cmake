# Sanitizer and fuzzing builds. Both are off by default; CI turns them on in build trees
# of their own (scripts/ci/10-sanitizers.sh, scripts/ci/15-fuzz.sh).
#
#   -DMESOLIVE_SANITIZE=address,undefined   every target, tests included, built with these
#                                           sanitizers (gcc or clang); any UB report aborts.
#   -DMESOLIVE_FUZZ=ON                      the libFuzzer targets in tests/fuzz/ (clang only):
#                                           every library instrumented for coverage, with
#                                           ASan and UBSan.

set(MESOLIVE_SANITIZE "" CACHE STRING
    "Sanitizers to build every target with, comma-separated (e.g. address,undefined)")
option(MESOLIVE_FUZZ "Build the libFuzzer targets in tests/fuzz (clang only)" OFF)

if(MESOLIVE_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "MESOLIVE_FUZZ=ON needs clang (libFuzzer), e.g. "
                        "-DCMAKE_CXX_COMPILER=clang++-14; this is ${CMAKE_CXX_COMPILER_ID}.")
  endif()
  if(MESOLIVE_SANITIZE)
    message(FATAL_ERROR "MESOLIVE_FUZZ=ON already implies address,undefined; leave MESOLIVE_SANITIZE empty.")
  endif()
  # The fuzz targets themselves add -fsanitize=fuzzer at link time (tests/fuzz/); the
  # libraries only get the coverage instrumentation libFuzzer steers by.
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined
                      -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
elseif(MESOLIVE_SANITIZE)
  add_compile_options(-fsanitize=${MESOLIVE_SANITIZE} -fno-omit-frame-pointer)
  add_link_options(-fsanitize=${MESOLIVE_SANITIZE})
  if(MESOLIVE_SANITIZE MATCHES "undefined")
    # A UB report must fail the test, not scroll by.
    add_compile_options(-fno-sanitize-recover=undefined)
  endif()
endif()
