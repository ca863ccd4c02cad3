import CoordStorage

extension ExitStatus {
    /// The board's remote could not be reached, so nothing exclusive was granted.
    public static let remoteUnreachable: Int32 = 7
}

extension CoordError.Kind {
    public static let remoteUnreachable = Self(rawValue: "remote-unreachable")
    public static let remoteBusy = Self(rawValue: "remote-busy")
    public static let remoteRefused = Self(rawValue: "remote-refused")
    public static let remoteConfiguration = Self(rawValue: "remote-configuration")
}

extension CoordError {
    static func remoteUnreachable(_ name: String, url: String, reason: String) -> CoordError {
        CoordError(.remoteUnreachable,
                   "The remote '\(name)' (\(url)) could not be reached (\(reason)), so nothing was granted or recorded; retry when it is back, or check it with 'coord remote list'.",
                   exitStatus: ExitStatus.remoteUnreachable)
    }

    static func remoteBusy(_ name: String, seconds: Int) -> CoordError {
        CoordError(.remoteBusy,
                   "Other hosts kept committing to the remote '\(name)' for \(seconds) seconds, so this change was not recorded; retry.",
                   exitStatus: ExitStatus.failure)
    }

    static func remoteRefused(_ name: String, ref: String, reason: String) -> CoordError {
        CoordError(.remoteRefused,
                   "The remote '\(name)' refused the update of \(ref) (\(reason)); check its hooks and permissions, nothing was recorded.")
    }

    static func remoteGit(_ what: String, reason: String, path: String) -> CoordError {
        CoordError(.io, "git could not \(what) in '\(path)' (\(reason)); check that git is installed and the folder is writable.")
    }

    static func remoteAlreadyConfigured(_ name: String) -> CoordError {
        CoordError(.remoteConfiguration,
                   "This board already syncs through the remote '\(name)' and supports one remote; remove it first with 'coord remote remove \(name)'.",
                   exitStatus: ExitStatus.refused)
    }

    static func noRemote(_ name: String?) -> CoordError {
        CoordError(.remoteConfiguration,
                   name.map { "This board has no remote named '\($0)'; see 'coord remote list'." }
                       ?? "This board has no remote; add one with 'coord remote add origin URL'.",
                   exitStatus: ExitStatus.notFound)
    }

    static func invalidRemoteName(_ name: String) -> CoordError {
        invalidInput("The remote name '\(Escaping.escape(name))' is not 1 to 64 letters, digits, '.', '_' or '-'; use a name such as origin.")
    }

    static func remoteDiverged(_ file: String, name: String) -> CoordError {
        CoordError(.remoteConfiguration,
                   "'\(file)' holds records the board on the remote '\(name)' does not, so this board cannot join it; join with empty lock, task, decision and message id journals (a fresh 'coord init').",
                   exitStatus: ExitStatus.refused)
    }

    static func remoteUnknownMessages(_ name: String, highest: String) -> CoordError {
        CoordError(.remoteConfiguration,
                   "This board handed out message ids up to \(highest) that the board on the remote '\(name)' does not know, so other hosts could hand the same ids out again; join with a board that has sent no messages (a fresh 'coord init').",
                   exitStatus: ExitStatus.refused)
    }

    static func remoteDamaged(_ path: String, reason: String) -> CoordError {
        CoordError(.damaged, "'\(path)' \(reason); run 'coord remote remove' and 'coord remote add' again to rewrite it.")
    }
}
