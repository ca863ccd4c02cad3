import CoordStorage
import CoordTestSupport
import CoordinationKit
import Glibc
import Testing

/// Direct messages through the built binary: delivery under concurrency,
/// listing without marking, the `--new` cursor across a kill, key folding and
/// the recipient warnings.
@Suite struct MessageEndToEndTests {
    static let now = "2026-11-21T09:30:00Z"

    static func inbox(_ agent: String, _ board: TemporaryBoard, _ extra: [String] = []) throws -> [[String: JSONValue]] {
        let result = try CoordBinary.run(["inbox", "--as", agent, "--json"] + extra, in: board.root, environment: ["COORD_NOW": now])
        #expect(result.status == 0, "\(result.standardError)")
        let document = try JSONLines.objects(result.standardOutput.split(separator: "\n").joined())
        guard case .array(let messages)? = document.first?["messages"] else { return [] }
        return messages.compactMap { if case .object(let fields) = $0 { fields } else { nil } }
    }

    /// 16 senders each send 100 messages to the same 4 recipients at once: every
    /// recipient holds each of the 1,600 messages exactly once, and the 6,400 ids
    /// handed out are 6,400 different numbers.
    @Test func sixteenSendersTimesHundredMessagesEachDeliveredExactlyOnce() throws {
        let senders = 16, messagesEach = 100
        let recipients = ["r1", "r2", "r3", "r4"]
        let board = try TemporaryBoard()
        let loop = #"i=0; while [ "$i" -lt "$2" ]; do i=$((i+1)); "$0" send --as "$1" r1 r2 r3 r4 "from $1 #$i" >/dev/null || exit 1; done"#
        let running = try (1 ... senders).map { sender in
            try Subprocess.start(["/bin/sh", "-c", loop, CoordBinary.fastest, "s\(sender)", "\(messagesEach)"],
                                 environment: ["COORD_NOW": Self.now], directory: board.root)
        }
        for process in running {
            let result = process.wait()
            #expect(result.status == 0, "\(result.standardError)")
        }
        let expected = Set((1 ... senders).flatMap { s in (1 ... messagesEach).map { "s\(s)|from s\(s) #\($0)" } })
        var ids: [String] = []
        for recipient in recipients {
            let messages = try Self.inbox(recipient, board, ["--all"])
            let seen = messages.map { "\($0.string("from") ?? "?")|\($0.string("text") ?? "?")" }
            #expect(seen.count == senders * messagesEach, "\(recipient) holds \(seen.count) messages")
            #expect(Set(seen) == expected, "\(recipient): missing or unexpected messages")
            #expect(messages.allSatisfy { $0.string("status") == "unread" && $0.string("to") == recipient })
            ids += messages.compactMap { $0.string("id") }
        }
        #expect(ids.count == senders * messagesEach * recipients.count)
        #expect(Set(ids) == Set((1 ... senders * messagesEach * recipients.count).map { "M-\($0)" }))
    }

    /// `inbox` in every form leaves the board byte for byte as it was; only a receipt marks a message read.
    @Test func listingNeverMarksAnythingRead() throws {
        let board = try TemporaryBoard()
        for text in ["one", "two", "three"] {
            #expect(try CoordBinary.run(["send", "--as", "lead", "dev", text], in: board.root).status == 0)
        }
        let before = Self.snapshot(board)
        for extra in [[], ["--unread"], ["--all"], ["--json"], ["--unread", "--json"], ["--from", "lead"]] {
            let result = try CoordBinary.run(["inbox", "--as", "dev"] + extra, in: board.root)
            #expect(result.status == 0, "\(result.standardError)")
        }
        #expect(try CoordBinary.run(["sent", "--as", "lead", "--unacked"], in: board.root).status == 0)
        #expect(Self.snapshot(board) == before, "a listing changed the board")
        #expect(try Self.inbox("dev", board, ["--unread"]).count == 3)

        let ack = try CoordBinary.run(["inbox", "ack", "--as", "dev", "M-2"], in: board.root)
        #expect(ack.status == 0 && ack.standardOutput == "Marked M-2 read.\n", "\(ack.standardError)")
        #expect(try Self.inbox("dev", board, ["--unread"]).compactMap { $0.string("id") } == ["M-1", "M-3"])
        let sent = try CoordBinary.run(["sent", "--as", "lead", "--unacked", "--json"], in: board.root)
        #expect(sent.standardOutput.contains("\"M-1\"") && !sent.standardOutput.contains("\"M-2\""))
        let done = try CoordBinary.run(["inbox", "done", "--as", "dev", "M-1", "M-2", "--note", "merged"], in: board.root)
        #expect(done.status == 0 && done.standardOutput == "Marked M-1, M-2 done.\n", "\(done.standardError)")
        #expect(try Self.inbox("dev", board).compactMap { $0.string("id") } == ["M-3"])
        let unknown = try CoordBinary.run(["inbox", "ack", "--as", "dev", "M-3", "M-40"], in: board.root)
        #expect(unknown.status == 5 && unknown.standardError.contains("M-40"))
        #expect(try Self.inbox("dev", board, ["--unread"]).count == 1, "a refused receipt recorded something")
    }

    /// Every file under the board with its bytes, except the last-seen stamps a write refreshes.
    static func snapshot(_ board: TemporaryBoard) -> [String: [UInt8]] {
        var files: [String: [UInt8]] = [:]
        func walk(_ relative: String) {
            let path = board.boardPath + (relative.isEmpty ? "" : "/" + relative)
            guard let directory = opendir(path) else { return }
            defer { closedir(directory) }
            while let entry = readdir(directory) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
                if name == "." || name == ".." { continue }
                let child = relative.isEmpty ? name : relative + "/" + name
                if entry.pointee.d_type == UInt8(DT_DIR) { walk(child) } else { files[child] = FileBytes.read(board.boardPath + "/" + child) ?? [] }
            }
        }
        walk("")
        return files
    }

    /// `inbox --new` killed after printing and before moving its cursor shows the
    /// same messages again; once it completes, they are not new any more.
    @Test func theNewCursorSurvivesAKillBetweenPrintingAndAdvancing() throws {
        let board = try TemporaryBoard()
        for text in ["deploy at 3", "tests red on main"] {
            #expect(try CoordBinary.run(["send", "--as", "lead", "dev", text], in: board.root).status == 0)
        }
        let fifo = board.root + "/pause.fifo"
        #expect(mkfifo(fifo, 0o600) == 0)
        let paused = try CoordBinary.start(["inbox", "--new", "--as", "dev"], in: board.root,
                                           environment: ["COORD_TEST_PAUSE_AFTER_PRINT": fifo])
        // Opening the FIFO for writing returns once the process opened it for reading: after printing.
        let writer = open(fifo, O_WRONLY)
        #expect(writer >= 0)
        #expect(paused.outputSoFar.contains("M-1") && paused.outputSoFar.contains("M-2"))
        paused.signal(SIGKILL)
        let killed = paused.wait()
        close(writer)
        #expect(killed.signal == SIGKILL)

        let again = try CoordBinary.run(["inbox", "--new", "--as", "dev"], in: board.root)
        #expect(again.status == 0, "\(again.standardError)")
        #expect(again.standardOutput.contains("M-1") && again.standardOutput.contains("deploy at 3") && again.standardOutput.contains("M-2"))
        let after = try CoordBinary.run(["inbox", "--new", "--as", "dev"], in: board.root)
        #expect(after.standardOutput == "Nothing new.\n")
        #expect(try CoordBinary.run(["send", "--as", "lead", "dev", "one more"], in: board.root).status == 0)
        let third = try CoordBinary.run(["inbox", "--new", "--as", "dev"], in: board.root)
        #expect(third.standardOutput.contains("M-3") && !third.standardOutput.contains("M-1"))
        // Nothing was marked read along the way.
        #expect(try Self.inbox("dev", board, ["--unread"]).count == 3)
    }

    /// 1,000 identical alerts from four racing loops fold into one message with a count of 1,000;
    /// once it is read, the next alert is a new message.
    @Test func oneThousandIdenticalAlertsFoldIntoOneMessage() throws {
        let board = try TemporaryBoard()
        let loop = #"i=0; while [ "$i" -lt 250 ]; do i=$((i+1)); "$0" send --as monitor ops "disk at 91%" --key disk-full --urgent >/dev/null || exit 1; done"#
        let running = try (1 ... 4).map { _ in
            try Subprocess.start(["/bin/sh", "-c", loop, CoordBinary.fastest], environment: ["COORD_NOW": Self.now], directory: board.root)
        }
        for process in running {
            let result = process.wait()
            #expect(result.status == 0, "\(result.standardError)")
        }
        let messages = try Self.inbox("ops", board, ["--all"])
        #expect(messages.count == 1)
        #expect(messages.first?["count"] == .integer(1000), "\(messages.first?["count"] as Any)")
        #expect(messages.first?.bool("urgent") == true)
        #expect(try CoordBinary.run(["inbox", "ack", "--as", "ops", "M-1"], in: board.root).status == 0)
        let next = try CoordBinary.run(["send", "--as", "monitor", "ops", "disk at 92%", "--key", "disk-full"], in: board.root)
        #expect(next.standardOutput == "M-2 ops\n", "\(next.standardError)")
    }

    /// A misspelled recipient and a finished or silent worker draw warnings; the message is delivered anyway, exit 0.
    @Test func unknownAndStaleRecipientsAreWarnedAboutAndStillGetTheMessage() throws {
        let board = try TemporaryBoard()
        let morning = ["COORD_NOW": "2026-11-21T08:00:00Z"]
        #expect(try CoordBinary.run(["post", "--as", "backend", "API is up"], in: board.root, environment: morning).status == 0)
        let typo = try CoordBinary.run(["send", "--as", "lead", "backnd", "hello"], in: board.root, environment: morning)
        #expect(typo.status == 0)
        #expect(typo.standardError.contains("never seen an agent named 'backnd'") && typo.standardError.contains("'backend'"),
                "\(typo.standardError)")
        #expect(try Self.inbox("backnd", board).count == 1)
        let known = try CoordBinary.run(["send", "--as", "lead", "backend", "hello"], in: board.root, environment: morning)
        #expect(known.status == 0 && known.standardError.isEmpty, "\(known.standardError)")

        #expect(try CoordBinary.run(["launch", "--domains", "api,docs", "--goal", "Ship"], in: board.root,
                                    environment: morning.merging(["COORD_AGENT": "lead"]) { $1 }).status == 0)
        let done = try CoordBinary.run(["worker", "done", "docs", "--report", "written"], in: board.root,
                                       environment: morning.merging(["COORD_AGENT": "worker-2-docs"]) { $1 })
        #expect(done.status == 0, "\(done.standardError)")
        let later = ["COORD_NOW": "2026-11-21T12:00:00Z"]
        let finished = try CoordBinary.run(["send", "--as", "lead", "worker-2-docs", "one more page"], in: board.root, environment: later)
        #expect(finished.status == 0 && finished.standardError.contains("is complete"), "\(finished.standardError)")
        let silent = try CoordBinary.run(["send", "--as", "lead", "worker-1-api", "status?"], in: board.root, environment: later)
        #expect(silent.status == 0 && silent.standardError.contains("stale"), "\(silent.standardError)")
        #expect(try Self.inbox("worker-1-api", board).count == 1)
    }

    /// `@agent` in a post delivers it to that agent's inbox, linking back to the entry; names the board
    /// has not seen, the poster itself, `--no-mentions` and the `bulletin.mentions` setting send nothing.
    @Test func mentionsInAPostDeliverToTheNamedAgentsWithALinkBack() throws {
        let board = try TemporaryBoard()
        for agent in ["backend", "frontend"] {
            #expect(try CoordBinary.run(["post", "--as", agent, "here"], in: board.root).status == 0)
        }
        let post = try CoordBinary.run(["post", "--as", "lead", "@backend the API is live; @frontend, @nobody and mail@example.com @lead"],
                                       in: board.root)
        #expect(post.status == 0, "\(post.standardError)")
        #expect(post.standardError.contains("@nobody") && !post.standardError.contains("example"), "\(post.standardError)")
        let backend = try Self.inbox("backend", board)
        #expect(backend.count == 1)
        #expect(backend.first?.string("from") == "lead" && backend.first?.string("subject") == "mention")
        #expect(backend.first?.string("text") == "@backend the API is live; @frontend, @nobody and mail@example.com @lead")
        guard case .object(let link)? = backend.first?["mention"], case .integer(let offset)? = link["offset"] else {
            Issue.record("no mention link: \(backend)")
            return
        }
        let bulletin = try #require(FileBytes.read(board.path("BULLETIN.md")))
        #expect(String(decoding: bulletin[Int(offset)...].prefix(while: { $0 != 10 }), as: UTF8.self).contains("lead: @backend the API"))
        #expect(try Self.inbox("frontend", board).count == 1)
        #expect(try Self.inbox("lead", board).isEmpty, "the poster mentioned itself")
        #expect(!FileBytes.exists(board.path("inbox/nobody.jsonl")))

        #expect(try CoordBinary.run(["post", "--as", "lead", "--no-mentions", "@backend quiet"], in: board.root).status == 0)
        #expect(try CoordBinary.run(["config", "set", "bulletin.mentions", "off"], in: board.root).status == 0)
        #expect(try CoordBinary.run(["post", "--as", "lead", "@backend quiet too"], in: board.root).status == 0)
        #expect(try Self.inbox("backend", board).count == 1)
        #expect(try CoordBinary.run(["config", "set", "bulletin.mentions", "on"], in: board.root).status == 0)
        #expect(try CoordBinary.run(["post", "--as", "lead", "@backend loud again"], in: board.root).status == 0)
        #expect(try Self.inbox("backend", board).count == 2)
    }
}
