# Fuzz targets over what the client reads off the network, each a libFuzzer entry point
# (LLVMFuzzerTestOneInput) with a seed corpus in corpus/<name without fuzz_>/.
# Included (not add_subdirectory'd) by cmake/Sanitizers.cmake at the end of the top-level
# CMakeLists.txt, so paths are spelled from CMAKE_CURRENT_LIST_DIR.
#
# With MESOLIVE_FUZZ=ON (clang, see cmake/Sanitizers.cmake) each becomes a libFuzzer
# program; scripts/ci/15-fuzz.sh runs them. In every other build each is linked with a
# small main that replays its seed corpus once, as an ordinary test: the seeds (and the
# crashes kept as regression seeds) then run under the normal and the sanitizer builds.
set(mesolive_fuzz_targets fuzz_hub_records fuzz_msgpack_records)
set(mesolive_fuzz_dir ${CMAKE_CURRENT_LIST_DIR})

foreach(target IN LISTS mesolive_fuzz_targets)
  string(REGEX REPLACE "^fuzz_" "" corpus "${target}")
  if(MESOLIVE_FUZZ)
    add_executable(${target} ${mesolive_fuzz_dir}/${target}.cpp)
    target_link_libraries(${target} PRIVATE mesolive_eventhub mesolive_signalr Qt6::Core)
    target_link_options(${target} PRIVATE -fsanitize=fuzzer)
    set_target_properties(${target} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/tests/fuzz)
  elseif(BUILD_TESTING)
    add_executable(${target}_replay ${mesolive_fuzz_dir}/${target}.cpp ${mesolive_fuzz_dir}/replay_main.cpp)
    target_link_libraries(${target}_replay PRIVATE mesolive_eventhub mesolive_signalr Qt6::Core)
    set_target_properties(${target}_replay PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/tests/fuzz)
    add_test(NAME ${target}_corpus
             COMMAND ${target}_replay ${mesolive_fuzz_dir}/corpus/${corpus})
    set_tests_properties(${target}_corpus PROPERTIES TIMEOUT 120 LABELS "fuzz")
  endif()
endforeach()
