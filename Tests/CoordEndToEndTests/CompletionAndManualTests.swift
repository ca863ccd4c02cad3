import CoordinationKit
import CoordTestSupport
import Testing

/// Shell completions offer what is on the board now, through the real bash
/// script coord generates; the man page comes from the same definitions.
@Suite struct CompletionAndManualTests {
    /// What bash's Tab offers after `line` (ending in the word being completed).
    static func complete(_ line: String, on board: TemporaryBoard, environment: [String: String] = [:]) throws -> [String] {
        let script = board.root + "/coord.bash"
        let generated = try CoordBinary.run(["--generate-completion-script", "bash"], in: board.root)
        FileBytes.write(script, Array(generated.standardOutput.utf8))
        let binary = CoordBinary.fastest
        let folder = String(binary[..<binary.lastIndex(of: "/")!])
        let driver = #"""
            source "$1"
            read -r -a COMP_WORDS <<< "$2"
            case "$2" in *" ") COMP_WORDS+=("") ;; esac
            COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
            COMP_LINE="$2"; COMP_POINT=${#COMP_LINE}
            # bash calls a completion function with the command, the word and the one before.
            _coord "${COMP_WORDS[0]}" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
            printf '%s\n' "${COMPREPLY[@]}"
            """#
        var env = environment
        env["PATH"] = folder + ":/usr/bin:/bin"
        let result = try Subprocess.run(["/bin/bash", "-c", driver, "bash", script, line], environment: env, directory: board.root)
        #expect(result.status == 0, "\(result.standardError)")
        return result.standardOutput.split(separator: "\n").map(String.init).filter { !$0.isEmpty }
    }

    @Test func completionsOfferLiveValues() throws {
        let board = try ReadCommandsNeverWriteTests.sampleCopy()
        let dayEnd = ["COORD_NOW": "2026-11-20T17:05:00Z", "COORD_AGENT": "worker-1-backend-api"]
        #expect(try Self.complete("coord ack ", on: board) == ["ADR-002", "ADR-004", "ADR-005", "ADR-006"])
        #expect(try Self.complete("coord approve ", on: board) == ["ADR-005"])
        #expect(try Self.complete("coord decision show ADR-00", on: board).count == 6)
        #expect(try Self.complete("coord decide x --supersedes ", on: board) == ["ADR-002", "ADR-004", "ADR-006"])
        #expect(try Self.complete("coord unlock ", on: board, environment: dayEnd) == ["src/auth/refresh.swift"])
        #expect(try Self.complete("coord renew src/", on: board, environment: dayEnd) == ["src/auth/refresh.swift"])
        #expect(try Self.complete("coord worker show ", on: board) == ["backend-api", "frontend-ui", "infrastructure"])
        #expect(try Self.complete("coord worker handoff --to f", on: board) == ["frontend-ui"])
        let agents = try Self.complete("coord read --agent ", on: board)
        #expect(agents.contains("nightly") && agents.contains("worker-1-backend-api") && agents.contains("observer"), "\(agents)")
        // -C on the line names the board, from anywhere.
        let elsewhere = try TemporaryBoard(initialise: false)
        #expect(try Self.complete("coord -C \(board.root) approve ", on: elsewhere) == ["ADR-005"])
        #expect(try Self.complete("coord approve ", on: elsewhere).isEmpty)
    }

    @Test func theManualComesFromTheCommandDefinitions() throws {
        // generate-manual reads this; CI renders the page itself (.ci/run).
        let board = try TemporaryBoard()
        let dump = try CoordBinary.run(["--experimental-dump-help"], in: board.root)
        #expect(dump.status == 0)
        for name in ["\"read\"", "\"status\"", "\"unlock\"", "Read before acting", "--at"] {
            #expect(dump.standardOutput.contains(name), "the tool description lacks \(name)")
        }
    }
}
