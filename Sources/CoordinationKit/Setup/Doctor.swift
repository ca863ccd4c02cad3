import CoordStorage

/// One thing `coord doctor` found.
public struct DoctorFinding: Codable, Sendable, Equatable {
    public enum Severity: String, Codable, Sendable { case warning, error }
    public var severity: Severity
    public var path: String
    public var line: Int?
    public var message: String
    /// The offending line, escaped, when there is one.
    public var text: String?
}

public struct DoctorReport: Codable, Sendable, Equatable {
    public var board: String
    public var format: Int
    public var timezone: String
    public var filesystem: String
    public var findings: [DoctorFinding]
    public var healthy: Bool { findings.isEmpty }
}

/// `coord doctor`: checks what coord's guarantees rest on and lists every
/// line readers had to skip, with its file and line number.
public struct Doctor {
    public let workspace: Workspace

    public init(_ workspace: Workspace) { self.workspace = workspace }

    /// Filesystems where O_APPEND or flock do not hold across machines.
    static let unsafeFilesystems: [Int64: String] = [
        0x6969: "NFS", 0x0102_1997: "9p", 0x6573_5546: "FUSE", 0x6A65_6A63: "virtiofs",
        0x517B: "SMB", 0xFF53_4D42: "CIFS", 0xFE53_4D42: "SMB2",
    ]
    static let knownFilesystems: [Int64: String] = [
        0xEF53: "ext4", 0x5846_5342: "xfs", 0x0102_1994: "tmpfs", 0x794C_7630: "overlayfs",
        0x9123_683E: "btrfs", 0x2FC1_2FC1: "zfs",
    ]

    public func run() throws -> DoctorReport {
        let board = workspace.board
        var findings: [DoctorFinding] = []
        let type = board.filesystemType ?? -1
        let filesystem = Self.unsafeFilesystems[type] ?? Self.knownFilesystems[type] ?? "unknown (0x\(String(type, radix: 16)))"
        if let name = Self.unsafeFilesystems[type] {
            findings.append(DoctorFinding(
                severity: .warning, path: board.path, line: nil,
                message: "The board is on \(name), where appends and flock are not atomic across machines; keep .coordination/ on a local disk.",
                text: nil))
        }
        if !workspace.configuration.isRecorded {
            findings.append(DoctorFinding(
                severity: .warning, path: board.child(BoardConfiguration.fileName), line: nil,
                message: "board.json is missing, so the format and time zone are guessed; run 'coord init' to record them.",
                text: nil))
        }
        do {
            findings += try Bulletin(workspace).scan().invalid.map(Self.skipped)
        } catch let error as CoordError where error.kind == .unsafeFile {
            // A planted link in place of the bulletin: listed below with the other unsafe files.
        }
        findings += try journalFindings(in: board)
        findings += try unsafeFileFindings(in: board)
        findings += try RemoteCheck(workspace).problems().map {
            DoctorFinding(severity: .error, path: $0.path, line: nil, message: $0.message, text: nil)
        }
        return DoctorReport(board: board.path, format: workspace.configuration.format,
                            timezone: workspace.timeZone.identifier, filesystem: filesystem, findings: findings)
    }

    static func skipped(_ line: InvalidLine) -> DoctorFinding {
        DoctorFinding(severity: .warning, path: line.path, line: line.line,
                      message: "Skipped by readers: \(line.reason).", text: line.text)
    }

    /// Every `*.jsonl` journal on the board and one level down, read under its
    /// record type's rules (`BoardJournals`): lines skipped, or why it is refused.
    private func journalFindings(in board: BoardDirectory) throws -> [DoctorFinding] {
        var findings: [DoctorFinding] = []
        var folders: [(name: String?, directory: BoardDirectory)] = [(nil, board)]
        for name in try board.listNames() where !name.hasPrefix(".") {
            if let status = SystemCall.status(at: board.descriptor, name), status.isDirectory,
               let folder = try? board.subdirectory(name, create: false) {
                folders.append((name, folder))
            }
        }
        for folder in folders {
            for name in try folder.directory.listNames() where name.hasSuffix(".jsonl") {
                let kind = BoardJournals.kind(folder: folder.name, file: name)
                do {
                    findings += try kind.check(folder.directory, name).map(Self.skipped)
                } catch let error as CoordError {
                    findings.append(DoctorFinding(severity: .error, path: folder.directory.child(name), line: nil,
                                                  message: error.message, text: nil))
                }
            }
        }
        return findings
    }

    /// Links planted where coord keeps files.
    private func unsafeFileFindings(in board: BoardDirectory) throws -> [DoctorFinding] {
        var findings: [DoctorFinding] = []
        for name in try board.listNames() {
            guard let status = SystemCall.status(at: board.descriptor, name) else { continue }
            if !status.isRegular && !status.isDirectory {
                findings.append(DoctorFinding(severity: .error, path: board.child(name), line: nil,
                                              message: "This is a symbolic link or special file, which coord refuses to follow; remove it.",
                                              text: nil))
            } else if status.isRegular && status.linkCount > 1 {
                findings.append(DoctorFinding(severity: .error, path: board.child(name), line: nil,
                                              message: "This file has \(status.linkCount) hard links, which coord refuses to write through; replace it with a copy.",
                                              text: nil))
            }
        }
        return findings
    }
}
