# Fails if the shared library's dynamic symbol table defines anything but
# sgx_*, or lacks one of the functions named below (those a version script
# or a build change could drop without any other test noticing at once).
cmake_policy(SET CMP0057 NEW)  # if(IN_LIST) in script mode
execute_process(COMMAND nm -D --defined-only ${LIB} OUTPUT_VARIABLE out RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "nm failed on ${LIB}")
endif()
string(REPLACE "\n" ";" lines "${out}")
set(count 0)
set(exported "")
foreach(line IN LISTS lines)
  if(line STREQUAL "")
    continue()
  endif()
  string(REGEX REPLACE "^.* " "" sym "${line}")
  if(NOT sym MATCHES "^sgx_")
    message(FATAL_ERROR "unexpected exported symbol: ${sym}")
  endif()
  list(APPEND exported "${sym}")
  math(EXPR count "${count} + 1")
endforeach()
foreach(required IN ITEMS sgx_engine_create sgx_engine_submit sgx_engine_apply sgx_engine_apply_into
                          sgx_engine_request_bound sgx_sizeof_request sgx_venue_create sgx_venue_elapse
                          sgx_venue_get_order)
  if(NOT required IN_LIST exported)
    message(FATAL_ERROR "${required} is not exported")
  endif()
endforeach()
if(count LESS 20)
  message(FATAL_ERROR "only ${count} sgx_ symbols exported")
endif()
message(STATUS "${count} symbols exported, all sgx_*")
