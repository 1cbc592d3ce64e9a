# Warnings for our own targets only; never part of what consumers inherit.
function(sigmax_enable_warnings target)
  target_compile_options(${target} PRIVATE
    $<$<COMPILE_LANGUAGE:CXX>:-Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wno-sign-conversion>
    $<$<COMPILE_LANGUAGE:C>:-Wall -Wextra -Wpedantic>)
  if(SIGMAX_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
