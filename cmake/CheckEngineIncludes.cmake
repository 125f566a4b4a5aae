# cmake -DALLOWED="engine/core/A.h;…" -DFILES="/abs/a.cpp;…" -DWHO="widgets" -DSTAMP=file -P CheckEngineIncludes.cmake
# Fails, naming file, line and header, when one of FILES includes an engine header that is not in ALLOWED. Used so
# that "widgets use only the engine's plain data headers" is a build error, not a review comment.
set(violations "")
foreach(file IN LISTS FILES)
  file(STRINGS "${file}" lines REGEX "^[ \t]*#[ \t]*include[ \t]*[\"<]engine/")
  foreach(line IN LISTS lines)
    string(REGEX REPLACE "^[ \t]*#[ \t]*include[ \t]*[\"<]([^\">]+)[\">].*$" "\\1" header "${line}")
    list(FIND ALLOWED "${header}" found)
    if(found EQUAL -1)
      string(APPEND violations "\n  ${file}: includes ${header}")
    endif()
  endforeach()
endforeach()
if(violations)
  message(FATAL_ERROR "${WHO} may include only the engine's plain data headers (neuroai_engine_data):${violations}")
endif()
file(TOUCH "${STAMP}")
