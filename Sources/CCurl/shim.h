#ifndef LEAKSCAN_CCURL_SHIM_H
#define LEAKSCAN_CCURL_SHIM_H

// Typed, non-variadic wrappers around libcurl's variadic setters and getters, which Swift
// cannot call directly. One wrapper per argument kind; all are thin `static inline` forwards.

#define CURL_DISABLE_TYPECHECK 1
#include <curl/curl.h>

// MARK: easy options

static inline CURLcode lsc_easy_setopt_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode lsc_easy_setopt_off(CURL *handle, CURLoption option, curl_off_t value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode lsc_easy_setopt_string(CURL *handle, CURLoption option, const char *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode lsc_easy_setopt_pointer(CURL *handle, CURLoption option, void *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode lsc_easy_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value) {
    return curl_easy_setopt(handle, option, value);
}

/// For CURLOPT_WRITEFUNCTION and CURLOPT_HEADERFUNCTION (same signature).
static inline CURLcode lsc_easy_setopt_write_callback(CURL *handle, CURLoption option, curl_write_callback callback) {
    return curl_easy_setopt(handle, option, callback);
}

static inline CURLcode lsc_easy_setopt_opensocket_callback(CURL *handle, curl_opensocket_callback callback) {
    return curl_easy_setopt(handle, CURLOPT_OPENSOCKETFUNCTION, callback);
}

// MARK: easy info

static inline CURLcode lsc_easy_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return curl_easy_getinfo(handle, info, value);
}

static inline CURLcode lsc_easy_getinfo_string(CURL *handle, CURLINFO info, char **value) {
    return curl_easy_getinfo(handle, info, value);
}

// MARK: multi

static inline CURLMcode lsc_multi_setopt_long(CURLM *multi, CURLMoption option, long value) {
    return curl_multi_setopt(multi, option, value);
}

/// The result code of a CURLMSG_DONE message (an anonymous union member in C).
static inline CURLcode lsc_msg_result(const CURLMsg *message) {
    return message->data.result;
}

// MARK: allocator

#if defined(__GLIBC__)
#include <malloc.h>
#endif

/// Asks glibc's malloc to keep up to `pad` bytes of slack at the top of each heap when it grows
/// and to return freed memory to the kernel only beyond `trim` bytes, so page bodies of several
/// hundred KB reuse pages already faulted in instead of fresh (zeroed) pages from `mmap`.
/// Returns 1 when both settings were accepted, 0 otherwise (or on other C libraries).
static inline int lsc_malloc_retain(long pad, long trim) {
#if defined(__GLIBC__)
    int ok = mallopt(M_TOP_PAD, (int)pad);
    ok &= mallopt(M_TRIM_THRESHOLD, (int)trim);
    return ok;
#else
    (void)pad; (void)trim;
    return 0;
#endif
}

#endif
