#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// File times, for last-seen stamps: one `utimensat(2)` sets a file's
/// modification time to the board clock's instant, without opening it.
extension SystemCall {
    /// `UTIME_OMIT` (Linux's `(1 << 30) - 2`), which Swift's Glibc module does not export.
    private static let omitTime = (1 << 30) - 2

    /// Sets the modification time of `name` in `dirfd` (not following a link)
    /// to `nanoseconds` since 1970; the access time is left alone. 0 or errno.
    package static func setModificationTime(at dirfd: Int32, _ name: String, nanoseconds: Int64) -> Int32 {
        var times = [
            timespec(tv_sec: 0, tv_nsec: omitTime),
            timespec(tv_sec: time_t(nanoseconds / 1_000_000_000), tv_nsec: Int(nanoseconds % 1_000_000_000)),
        ]
        return utimensat(dirfd, name, &times, AT_SYMLINK_NOFOLLOW) == 0 ? 0 : errno
    }
}
