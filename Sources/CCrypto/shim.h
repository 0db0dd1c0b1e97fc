#ifndef HUBAUDIT_CCRYPTO_SHIM_H
#define HUBAUDIT_CCRYPTO_SHIM_H
// OpenSSL's libcrypto for SHA-256 and HMAC (SigV4): a system library, no build cost.
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>
#endif
