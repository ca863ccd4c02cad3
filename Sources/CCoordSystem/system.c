#define _GNU_SOURCE
#include <signal.h>
#include <sys/signalfd.h>
#include <unistd.h>
#include <errno.h>
#include <sys/vfs.h>
#include <sys/mman.h>
#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include "CCoordSystem.h"

static void termination_set(sigset_t *set) {
    sigemptyset(set);
    sigaddset(set, SIGINT);
    sigaddset(set, SIGTERM);
}

int coord_block_termination_signals(void) {
    sigset_t set;
    termination_set(&set);
    return sigprocmask(SIG_BLOCK, &set, NULL);
}

static int all_blocked(const sigset_t *set) {
    sigset_t current;
    if (sigprocmask(SIG_BLOCK, NULL, &current) != 0) return 0;
    for (int signo = 1; signo < NSIG; signo++) {
        if (sigismember(set, signo) == 1 && sigismember(&current, signo) != 1) return 0;
    }
    return 1;
}

int coord_signalfd_for_termination(void) {
    sigset_t set;
    termination_set(&set);
    if (!all_blocked(&set)) {
        errno = EINVAL;
        return -1;
    }
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

static void supervision_set(sigset_t *set) {
    sigemptyset(set);
    sigaddset(set, SIGCHLD);
    sigaddset(set, SIGINT);
    sigaddset(set, SIGTERM);
    sigaddset(set, SIGHUP);
}

int coord_block_supervision_signals(void) {
    sigset_t set;
    supervision_set(&set);
    /* An ignored SIGCHLD (inherited from a parent) would reap the child behind our back. */
    signal(SIGCHLD, SIG_DFL);
    return sigprocmask(SIG_BLOCK, &set, NULL);
}

int coord_signalfd_for_supervision(void) {
    sigset_t set;
    supervision_set(&set);
    if (!all_blocked(&set)) {
        errno = EINVAL;
        return -1;
    }
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

int coord_spawn_tied_to_parent(const char *file, char *const argv[], char *const envp[], int *pid) {
    int report[2];
    if (pipe2(report, O_CLOEXEC) != 0) return errno;
    pid_t parent = getpid();
    pid_t child = fork();
    if (child < 0) {
        int error = errno;
        close(report[0]);
        close(report[1]);
        return error;
    }
    if (child == 0) {
        // Only async-signal-safe calls from here to exec.
        int error = 0;
        if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0) error = errno;
        // The parent may have died before the line above: then nobody would kill us.
        if (error == 0 && getppid() != parent) _exit(127);
        int defaults[] = {SIGCHLD, SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE};
        for (unsigned i = 0; i < sizeof defaults / sizeof defaults[0]; i++) signal(defaults[i], SIG_DFL);
        sigset_t none;
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, NULL);
        if (error == 0) {
            execvpe(file, argv, envp);
            error = errno;
        }
        ssize_t ignored = write(report[1], &error, sizeof error);
        (void)ignored;
        _exit(127);
    }
    close(report[1]);
    int error = 0;
    ssize_t n;
    do { n = read(report[0], &error, sizeof error); } while (n < 0 && errno == EINTR);
    close(report[0]);
    if (n == (ssize_t)sizeof error) {
        int status;
        while (waitpid(child, &status, 0) < 0 && errno == EINTR) {}
        return error;
    }
    *pid = child;
    return 0;
}
