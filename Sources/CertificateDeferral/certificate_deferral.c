// Debian's libgit2 1.5 (built with mbedTLS) parses the whole system CA bundle — 140 certificates, about 4 ms
// of base64 and ASN.1 — inside git_libgit2_init, in every process, although only an https fetch or push ever
// needs it: a third of `git agents status`. No libgit2 option acts before init, so libgit2's calls to
// mbedtls_x509_crt_parse_file are routed here: the executable links libgit2 and mbedTLS statically with
// `--wrap=mbedtls_x509_crt_parse_file` (Package.swift), which sends every call from libgit2 to
// __wrap_mbedtls_x509_crt_parse_file and leaves the real function reachable as __real_mbedtls_x509_crt_parse_file.
// While deferring (around git_libgit2_init only) it keeps the chain libgit2 passed and returns success with the
// chain still empty; libgit2 then hands that very chain to its TLS configuration. Before the first fetch or
// push over http(s) GitKit calls git_agents_certificates_load, which parses the bundle into that chain with the real
// function. Every other call passes straight through. It fails closed: a chain never loaded is empty, and an
// empty chain makes mbedTLS reject every server certificate. GIT_OPT_SET_SSL_CERT_LOCATIONS would free the
// chain kept here: whoever adds a call to it must call git_agents_certificates_load first.
#include "certificate_deferral.h"

#include <mbedtls/x509_crt.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

// Resolved by the linker's --wrap to mbedTLS's own function.
int __real_mbedtls_x509_crt_parse_file(mbedtls_x509_crt *chain, const char *path);
int __wrap_mbedtls_x509_crt_parse_file(mbedtls_x509_crt *chain, const char *path);

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int deferring;
static mbedtls_x509_crt *deferred_chain;
static char *deferred_path;
static int loaded, load_result;

int __wrap_mbedtls_x509_crt_parse_file(mbedtls_x509_crt *chain, const char *path) {
    pthread_mutex_lock(&lock);
    if (deferring && deferred_chain == NULL && chain != NULL && path != NULL) {
        char *copy = strdup(path);
        if (copy != NULL) {
            deferred_chain = chain;
            deferred_path = copy;
            pthread_mutex_unlock(&lock);
            return 0;
        }
    }
    pthread_mutex_unlock(&lock);
    return __real_mbedtls_x509_crt_parse_file(chain, path);
}

void git_agents_certificates_start_deferring(void) {
    pthread_mutex_lock(&lock);
    deferring = 1;
    pthread_mutex_unlock(&lock);
}

void git_agents_certificates_stop_deferring(void) {
    pthread_mutex_lock(&lock);
    deferring = 0;
    pthread_mutex_unlock(&lock);
}

int git_agents_certificates_load(void) {
    pthread_mutex_lock(&lock);
    if (!loaded) {
        loaded = 1;
        if (deferred_chain != NULL) {
            load_result = __real_mbedtls_x509_crt_parse_file(deferred_chain, deferred_path);
            // As libgit2 would have had it: a bundle that does not parse leaves no certificate trusted.
            if (load_result < 0) {
                mbedtls_x509_crt_free(deferred_chain);
                mbedtls_x509_crt_init(deferred_chain);
            }
        }
    }
    int result = load_result < 0 ? load_result : 0;
    pthread_mutex_unlock(&lock);
    return result;
}

const char *git_agents_certificates_deferred_path(void) {
    pthread_mutex_lock(&lock);
    const char *path = deferred_path;
    pthread_mutex_unlock(&lock);
    return path;
}

int git_agents_certificates_count(void) {
    pthread_mutex_lock(&lock);
    int count = 0;
    for (const mbedtls_x509_crt *certificate = deferred_chain; certificate != NULL; certificate = certificate->next) {
        if (certificate->raw.len > 0) count++;
    }
    pthread_mutex_unlock(&lock);
    return count;
}
