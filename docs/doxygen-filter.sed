# Input filter for doxygen (docs/Doxyfile.in, INPUT_FILTER). It changes
# nothing on disk; doxygen reads esession/esession.h through it.
#
# esession.h documents functions and types with /** ... */ blocks above
# them, but enum values and struct members with plain trailing comments
# (`ESESSION_EINVAL = 1, /* an argument is NULL ... */`), the style of the
# rest of the code base. Doxygen reads a trailing comment as documentation
# only when it is written /**< ... */: convert them here.
/^[[:space:]]*(\/\*|\*)/!s#([^[:space:]])([[:space:]]+)/\*([^*!])#\1\2/**<\3#
# XML element names in comments (<thread/>, <c/>) are text, not HTML: show
# them as code so that doxygen does not warn about unknown HTML tags.
s#(^|[^`])(<[A-Za-z][A-Za-z0-9-]*/>)#\1`\2`#g
