#ifndef CCOORD_SYSTEM_H
#define CCOORD_SYSTEM_H

/// Blocks SIGINT and SIGTERM for the calling thread, so they wait on a
/// signalfd instead of ending the process. Process-wide state: the executable
/// calls it, never the library. Returns 0, or -1 with errno set.
int coord_block_termination_signals(void);

/// A signalfd that becomes readable when SIGINT or SIGTERM arrives. Both must
/// already be blocked (coord_block_termination_signals); otherwise it returns
/// -1 with errno EINVAL and changes nothing.
int coord_signalfd_for_termination(void);

/// Reads one pending signal from a descriptor made by coord_signalfd_for_termination.
/// Returns the signal number, or -1 with errno set.
int coord_signalfd_read(int fd);

/// The f_type magic of the filesystem holding fd (statfs), or -1 with errno set.
long long coord_filesystem_type(int fd);


/// Restores SIGCHLD's default disposition and blocks SIGCHLD, SIGINT, SIGTERM
/// and SIGHUP for the calling thread. Process-wide state: the executable
/// calls it (`coord run`), never the library. Returns 0, or -1 with errno set.
int coord_block_supervision_signals(void);

/// A non-blocking signalfd for SIGCHLD, SIGINT, SIGTERM and SIGHUP, for a
/// parent that supervises one child. All four must already be blocked
/// (coord_block_supervision_signals); otherwise it returns -1 with errno
/// EINVAL and changes nothing.
int coord_signalfd_for_supervision(void);

/// Reads one pending signal like coord_signalfd_read, and stores in *from_kernel
/// whether the kernel sent it (a terminal's Ctrl-C) rather than a process (kill).
int coord_signalfd_read_origin(int fd, int *from_kernel);

/// pipe2(fds, O_CLOEXEC): both ends close on exec. Returns 0, or -1 with errno set.
int coord_pipe_cloexec(int fds[2]);

/// Starts `file` (searched in PATH) with argv and envp, like posix_spawnp,
/// with an empty signal mask and default dispositions for SIGCHLD, SIGINT,
/// SIGTERM, SIGHUP, SIGQUIT and SIGPIPE, and tied to the caller's life: the
/// child gets SIGKILL when the calling thread dies (PR_SET_PDEATHSIG), even
/// by SIGKILL. Stores the pid and returns 0, or returns the errno of the
/// failure (ENOENT when the program is not found, EACCES when it cannot run).
int coord_spawn_tied_to_parent(const char *file, char *const argv[], char *const envp[], int *pid);

#endif
