import CoordStorage
import CoordinationKit
import Testing

@Suite struct WorkerDomainTests {
    @Test(arguments: ["backend-api", "frontend_ui", "12-factor-agentops", "v2.1", "c++", "ops@eu", "Données", "インフラ"])
    func acceptsSafeNames(_ name: String) throws {
        let domain = try WorkerDomain(name)
        #expect(domain.entityName == "Worker Session: " + name)
        #expect(domain.agentName(number: 3) == "worker-3-" + name)
        #expect(domain.fileName == name + ".jsonl")
    }

    @Test(arguments: [
        ("", "is empty"), ("../x", "contains '/'"), ("a/b", "contains '/'"), ("..", "contains '..'"), ("a..b", "contains '..'"),
        (".hidden", "starts with '.'"), ("-rf", "starts with '-'"), ("a\nb", "control character"), ("tab\there", "control character"),
        ("nul\u{0}", "control character"), ("sep\u{2028}", "control character"), ("two words", "whitespace"),
        ("a,b", "','"), ("c:d", "':'"), ("x[1]", "'['"), ("$HOME", "'$'"), ("back\\slash", "'\\'"),
        (String(repeating: "a", count: 49), "longer than 48 bytes"),
    ])
    func refusesUnsafeNames(_ name: String, _ reason: String) {
        #expect(WorkerDomain.problem(with: name)?.contains(reason) == true, "\(name): \(WorkerDomain.problem(with: name) ?? "accepted")")
        #expect(throws: CoordError.self) { try WorkerDomain(name) }
    }

    @Test func errorsAreOneSentenceWithTheEscapedName() {
        do {
            _ = try WorkerDomain("evil\nname")
            Issue.record("accepted a newline")
        } catch let error as CoordError {
            #expect(error.exitStatus == ExitStatus.usage)
            #expect(error.message == "The domain 'evil\\nname' contains a control character or line break; choose a name such as 'backend-api'.")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func listsTrimSpacesAndRefuseRepeatsAndEmpties() throws {
        #expect(try WorkerDomain.list("backend-api, frontend-ui ,infrastructure").map(\.rawValue)
            == ["backend-api", "frontend-ui", "infrastructure"])
        #expect(throws: CoordError.self) { try WorkerDomain.list("a,b,a") }
        #expect(throws: CoordError.self) { try WorkerDomain.list("a,,b") }
        #expect(throws: CoordError.self) { try WorkerDomain.list("a,../x") }
    }
}
