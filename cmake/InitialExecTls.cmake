# mesolive_initial_exec_tls(<target>): the target's thread_local variables (the parsers and
# caches every received event uses) take the initial-exec TLS model. Under -fPIC, which Qt
# requires, each access is otherwise a call to __tls_get_addr.
#
# The model's premise: the code is linked into an executable, never into a shared library
# (a library loaded with dlopen may find no static TLS room left). So the target must be a
# static library; configure fails otherwise. docs/performance-rules.md lists it.
function(mesolive_initial_exec_tls target)
  get_target_property(type ${target} TYPE)
  if(NOT type STREQUAL "STATIC_LIBRARY")
    message(FATAL_ERROR "${target} uses -ftls-model=initial-exec, which holds only for code linked into "
                        "executables: it must be a STATIC library, not ${type}.")
  endif()
  if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
    target_compile_options(${target} PRIVATE -ftls-model=initial-exec)
  endif()
endfunction()
