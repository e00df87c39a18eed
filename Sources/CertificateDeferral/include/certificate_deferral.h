// Deferred loading of libgit2's CA certificates (see certificate_deferral.c for why and how).
#ifndef GIT_AGENTS_CERTIFICATE_DEFERRAL_H
#define GIT_AGENTS_CERTIFICATE_DEFERRAL_H

/// From here until `git_agents_certificates_stop_deferring`, libgit2's parse of its CA bundle is recorded
/// instead of done. Call both around `git_libgit2_init`, and nothing else in between.
void git_agents_certificates_start_deferring(void);
void git_agents_certificates_stop_deferring(void);

/// Parses the recorded bundle into the chain libgit2 already uses, once per process; later calls return the
/// first call's result. 0 when nothing was deferred or the bundle parsed (mbedTLS: a positive count of
/// certificates it skipped is still success), a negative mbedTLS error otherwise (then TLS stays closed:
/// an empty chain trusts no server).
int git_agents_certificates_load(void);

/// The bundle whose parse was deferred (NULL when none was), and how many certificates the chain holds now.
const char *git_agents_certificates_deferred_path(void);
int git_agents_certificates_count(void);

#endif
