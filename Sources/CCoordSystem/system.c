#define _GNU_SOURCE
#include <signal.h>
#include <sys/signalfd.h>
#include <unistd.h>
#include <errno.h>
#include <sys/vfs.h>
#include <sys/mman.h>
#include <fcntl.h>
#include "CCoordSystem.h"

int coord_signalfd_for_termination(void) {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    if (sigprocmask(SIG_BLOCK, &set, NULL) != 0) return -1;
    return signalfd(-1, &set, SFD_CLOEXEC);
}

int coord_signalfd_read(int fd) {
    struct signalfd_siginfo info;
    ssize_t n = read(fd, &info, sizeof info);
    if (n != (ssize_t)sizeof info) {
        if (n >= 0) errno = EIO;
        return -1;
    }
    return (int)info.ssi_signo;
}

long long coord_filesystem_type(int fd) {
    struct statfs info;
    if (fstatfs(fd, &info) != 0) return -1;
    return (long long)info.f_type;
}

int coord_memory_file(const char *name) {
    return memfd_create(name, MFD_CLOEXEC);
}

static void supervision_set(sigset_t *set) {
    sigemptyset(set);
    sigaddset(set, SIGCHLD);
    sigaddset(set, SIGINT);
    sigaddset(set, SIGTERM);
    sigaddset(set, SIGHUP);
}

int coord_signalfd_for_supervision(void) {
    sigset_t set;
    supervision_set(&set);
    /* An ignored SIGCHLD (inherited from a parent) would reap the child behind our back. */
    signal(SIGCHLD, SIG_DFL);
    if (sigprocmask(SIG_BLOCK, &set, NULL) != 0) return -1;
    return signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
}

int coord_signalfd_read_origin(int fd, int *from_kernel) {
    struct signalfd_siginfo info;
    ssize_t n = read(fd, &info, sizeof info);
    if (n != (ssize_t)sizeof info) {
        if (n >= 0) errno = EIO;
        return -1;
    }
    *from_kernel = info.ssi_code == SI_KERNEL;
    return (int)info.ssi_signo;
}

int coord_pipe_cloexec(int fds[2]) {
    return pipe2(fds, O_CLOEXEC);
}
