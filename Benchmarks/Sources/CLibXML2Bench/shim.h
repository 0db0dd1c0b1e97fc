#ifndef HUBAUDIT_CLIBXML2_SHIM_H
#define HUBAUDIT_CLIBXML2_SHIM_H
// Debian's libxml2 is built with ICU; its headers clash with Foundation's ICU module
// ('UErrorCode' has different definitions). Hiding ICU before the other includes fixes it.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlerror.h>
#include <libxml/SAX2.h>
#endif
