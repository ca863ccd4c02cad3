import CoordStorage
import CoordinationKit
import CoordinationTemplates
import Testing

@Suite struct BriefTemplatesTests {
    func context(_ fields: [String: JSONValue]) -> JSONValue { .object(fields) }

    @Test func builtInVersionsNameTheTemplate() {
        #expect(BuiltInTemplates.version(of: .worker) == "worker-brief@1")
        #expect(BuiltInTemplates.version(of: .observer) == "observer-brief@1")
    }

    @Test func briefsAreTextNotHTML() throws {
        let request = RenderRequest(template: .worker, source: "{{goal}}", origin: nil,
                                    contexts: [context(["goal": .string("a < b & \"c\"")])])
        #expect(try BriefTemplates.render(request).outputs == ["a < b & \"c\""])
    }

    @Test func everyContextSeesTheTemplateVersion() throws {
        let request = RenderRequest(template: .observer, source: nil, origin: nil, contexts: [
            context(["goal": .string("G"), "workers": .array([]), "observer": .object(["agent": .string("meta-observer")])]),
        ])
        let response = try BriefTemplates.render(request)
        #expect(response.version == "observer-brief@1")
        #expect(response.outputs[0].hasPrefix("<!-- coord observer brief · template observer-brief@1 ·"))
        #expect(response.outputs[0].contains("# Meta-observer: G\n"))
    }

    @Test func overridesAreVersionedByTheirText() throws {
        let a = BriefTemplates.customVersion(of: "one", name: .worker)
        #expect(a.hasPrefix("worker-brief@custom-") && a.count == "worker-brief@custom-".count + 8)
        #expect(a == BriefTemplates.customVersion(of: "one", name: .worker))
        #expect(a != BriefTemplates.customVersion(of: "two", name: .worker))
    }

    @Test func aBrokenTemplateIsAnError() {
        let request = RenderRequest(template: .worker, source: "{{#x}}", origin: "my.mustache", contexts: [context([:])])
        #expect(throws: TemplateError.self) { try BriefTemplates.render(request) }
    }

    @Test func listsAndMissingFieldsRenderAsMustacheSays() throws {
        let source = "{{^empty(others)}}Others:{{/empty(others)}}{{#others}} {{domain}}{{#goal}}={{goal}}{{/goal}}{{/others}}{{^others}}alone{{/others}}"
        let two = context(["others": .array([.object(["domain": .string("a"), "goal": .string("g")]), .object(["domain": .string("b"), "goal": .null])])])
        let none = context(["others": .array([])])
        let response = try BriefTemplates.render(RenderRequest(template: .worker, source: source, origin: nil, contexts: [two, none]))
        #expect(response.outputs == ["Others: a=g b", "alone"])
    }
}
