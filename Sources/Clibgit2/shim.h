// Swift cannot call C variadic functions: each git_libgit2_opts option we use gets a wrapper.
#ifndef GIT_AGENTS_CLIBGIT2_SHIM_H
#define GIT_AGENTS_CLIBGIT2_SHIM_H
#include <git2.h>
// The index's NAME entries pair the sides of a rename conflict that lie at different paths.
#include <git2/sys/index.h>
// An object database backend in memory: what review and conflicts write in passing never reaches the disk.
#include <git2/sys/mempack.h>
// An index of our own in place of the repository's (review's handles, when the real one holds no attributes).
#include <git2/sys/repository.h>

/// Lets repositories with `extensions.worktreeConfig` open (libgit2 1.5 refuses unknown extensions).
static inline int git_agents_allow_extension(const char *name) {
    const char *names[] = { name };
    return git_libgit2_opts(GIT_OPT_SET_EXTENSIONS, names, (size_t)1);
}

/// Whether libgit2 checks, for every tree and commit it writes, that each object it names exists (one file
/// lookup per entry). git does not; the trees we write come from indexes of objects we read or wrote.
static inline int git_agents_strict_object_creation(int enabled) {
    return git_libgit2_opts(GIT_OPT_ENABLE_STRICT_OBJECT_CREATION, enabled);
}

/// The largest object of `type` libgit2 keeps parsed in a repository's object cache (trees: 4 KB by default).
static inline int git_agents_cache_object_limit(git_object_t type, size_t size) {
    return git_libgit2_opts(GIT_OPT_SET_CACHE_OBJECT_LIMIT, type, size);
}

#endif
