#ifndef LEAKSCAN_CCURL_SHIM_H
#define LEAKSCAN_CCURL_SHIM_H
#include <curl/curl.h>
#endif
