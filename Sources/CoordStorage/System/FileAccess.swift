/// How a file is opened: the `O_RDONLY`, `O_RDWR` or `O_WRONLY|O_APPEND` of `SystemCall.open`.
public enum FileAccess: Sendable { case readOnly, readWrite, append }
