/// Runs `git` as a child process on one git directory, never the workspace's
/// repository: `GIT_DIR` is set explicitly, and every variable that could
/// point git elsewhere (another work tree, object store, index, namespace or
/// configuration) is removed from the child's environment.
///
/// Storage knows no board concept: callers name the refs, paths and bytes.
package struct GitProcess: Sendable {
    /// The git directory (a bare repository) every command works on.
    package let gitDirectory: String
    /// Each git command is stopped after this many seconds.
    package var timeLimitSeconds: Double
    package var monotonic: MonotonicClock

    package init(gitDirectory: String, timeLimitSeconds: Double = 60, monotonic: MonotonicClock = .system) {
        self.gitDirectory = gitDirectory
        self.timeLimitSeconds = timeLimitSeconds
        self.monotonic = monotonic
    }

    /// What one git command did.
    package struct Outcome: Sendable {
        package var status: Int32?
        package var output: [UInt8]
        package var errorOutput: [UInt8]
        /// Set when git could not be started or was stopped at the time limit.
        package var failure: String?

        package var succeeded: Bool { status == 0 }
        package var text: String { String(decoding: output, as: UTF8.self) }
        /// The first line of standard error (or the failure), for a one-sentence message.
        package var reason: String {
            if let failure { return failure }
            let lines = String(decoding: errorOutput, as: UTF8.self).split(separator: "\n").map {
                $0.trimmingPrefix("fatal: ").trimmingPrefix("error: ")
            }
            return lines.first.map(String.init) ?? "git exited with status \(status ?? -1)"
        }
    }

    /// Variables that would send git to another repository, work tree or configuration.
    static let redirecting: Set<String> = [
        "GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY", "GIT_ALTERNATE_OBJECT_DIRECTORIES",
        "GIT_COMMON_DIR", "GIT_NAMESPACE", "GIT_CEILING_DIRECTORIES", "GIT_DISCOVERY_ACROSS_FILESYSTEM",
        "GIT_CONFIG", "GIT_CONFIG_GLOBAL", "GIT_CONFIG_SYSTEM", "GIT_CONFIG_COUNT", "GIT_CONFIG_PARAMETERS",
        "GIT_QUARANTINE_PATH", "GIT_REPLACE_REF_BASE", "GIT_NO_REPLACE_OBJECTS", "GIT_SHALLOW_FILE",
        "GIT_GRAFT_FILE", "GIT_PREFIX", "GIT_EXEC_PATH", "GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL",
        "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL", "GIT_AUTHOR_DATE", "GIT_COMMITTER_DATE",
    ]

    /// The child's environment: this process's, less the redirecting variables
    /// (and `GIT_CONFIG_KEY_n`/`GIT_CONFIG_VALUE_n`), plus `GIT_DIR`, and no
    /// terminal prompts (a URL that needs a password fails instead of hanging).
    package func environment() -> [String] {
        var entries = SystemCall.environmentEntries().filter { entry in
            let name = entry.split(separator: "=", maxSplits: 1).first.map(String.init) ?? entry
            return !Self.redirecting.contains(name) && !name.hasPrefix("GIT_CONFIG_")
                && name != "GIT_TERMINAL_PROMPT" && name != "GIT_OPTIONAL_LOCKS"
        }
        entries += ["GIT_DIR=\(gitDirectory)", "GIT_TERMINAL_PROMPT=0", "GIT_OPTIONAL_LOCKS=0"]
        return entries
    }

    /// Runs `git ARGUMENTS` with `input` on its standard input.
    package func run(_ arguments: [String], input: [UInt8] = []) -> Outcome {
        var command = ExternalCommand(arguments: ["git"] + arguments, timeLimitSeconds: timeLimitSeconds,
                                      outputLimit: 1 << 31, monotonic: monotonic)
        command.environment = environment()
        let result = command.run(input: input)
        switch result.ending {
        case .exited(let status):
            return Outcome(status: status, output: result.output, errorOutput: result.errorOutput)
        case .signalled(let signal):
            return Outcome(status: nil, output: result.output, errorOutput: result.errorOutput,
                           failure: "git was stopped by signal \(signal)")
        case .timedOut:
            return Outcome(status: nil, output: result.output, errorOutput: result.errorOutput,
                           failure: "git did not finish within \(Int(timeLimitSeconds)) seconds")
        case .notStarted(let reason):
            return Outcome(status: nil, output: [], errorOutput: [], failure: "git could not be started (\(reason))")
        }
    }

    /// One object read by `cat-file --batch`: its id and bytes, or nil when missing.
    package struct Object: Sendable {
        package var id: String
        package var type: String
        package var bytes: [UInt8]
    }

    /// Reads each of `names` (revisions such as `REF` or `REF:path`) in one
    /// `git cat-file --batch`; a missing one is nil. Nil overall when git failed.
    package func objects(_ names: [String]) -> [Object?]? {
        let outcome = run(["cat-file", "--batch"], input: Array(names.map { $0 + "\n" }.joined().utf8))
        guard outcome.succeeded else { return nil }
        var objects: [Object?] = []
        let bytes = outcome.output
        var index = 0
        while index < bytes.count, objects.count < names.count {
            guard let end = bytes[index...].firstIndex(of: 0x0A) else { return nil }
            let header = String(decoding: bytes[index ..< end], as: UTF8.self).split(separator: " ")
            index = end + 1
            if header.count == 2 && header[1] == "missing" || header.count == 2 && header[1] == "ambiguous" {
                objects.append(nil)
                continue
            }
            guard header.count == 3, let size = Int(header[2]), index + size <= bytes.count else { return nil }
            objects.append(Object(id: String(header[0]), type: String(header[1]), bytes: Array(bytes[index ..< index + size])))
            index += size + 1
        }
        return objects.count == names.count ? objects : nil
    }
}
