import CoordStorage
import CoordinationKit
import Mustache

/// The templates shipped with coord, as Swift constants so `coord-render`
/// needs no resource files.
public enum BuiltInTemplates {
    public static func text(of name: BriefTemplateName) -> String {
        switch name {
        case .worker: return worker
        case .observer: return observer
        }
    }

    /// `worker-brief@1`: the name and the revision of the built-in text.
    public static func version(of name: BriefTemplateName) -> String {
        switch name {
        case .worker: return "\(name.rawValue)@\(workerVersion)"
        case .observer: return "\(name.rawValue)@\(observerVersion)"
        }
    }
}

/// Renders brief templates with Mustache.
public enum BriefTemplates {
    /// Renders `request`'s template (the override when given, else the built-in
    /// one) once per context. Each context also sees `template.name` and
    /// `template.version`.
    public static func render(_ request: RenderRequest) throws -> RenderResponse {
        let source = request.source ?? BuiltInTemplates.text(of: request.template)
        let version = request.source.map { customVersion(of: $0, name: request.template) }
            ?? BuiltInTemplates.version(of: request.template)
        let template: MustacheTemplate
        do {
            template = try MustacheTemplate(string: withTextContent(source))
        } catch {
            throw TemplateError(message: "\(request.origin ?? request.template.rawValue) is not a valid Mustache template: \(error)")
        }
        let stamp: JSONValue = .object(["name": .string(request.template.rawValue), "version": .string(version)])
        let outputs = request.contexts.map { context -> String in
            var value = context
            if case .object(var fields) = value {
                fields["template"] = stamp
                value = .object(fields)
            }
            return template.render(mustacheValue(value))
        }
        return RenderResponse(version: version, outputs: outputs)
    }

    /// `worker-brief@custom-1a2b3c4d`: an override is identified by a hash of its text
    /// (FNV-1a, 32 bits), so a brief says exactly which revision it came from.
    public static func customVersion(of source: String, name: BriefTemplateName) -> String {
        var hash: UInt32 = 0x811C_9DC5
        for byte in source.utf8 {
            hash ^= UInt32(byte)
            hash = hash &* 0x0100_0193
        }
        let hex = String(hash, radix: 16)
        return "\(name.rawValue)@custom-" + String(repeating: "0", count: 8 - hex.count) + hex
    }

    /// Briefs are Markdown, not HTML: unless the template says otherwise, nothing is escaped.
    static func withTextContent(_ source: String) -> String {
        source.contains("CONTENT_TYPE") ? source : "{{% CONTENT_TYPE: TEXT}}" + source
    }

    /// A JSON value as the plain Swift values Mustache walks: dictionaries,
    /// arrays, strings, numbers and booleans. Nulls are left out, so a missing
    /// field and a null one both read as false in a section.
    static func mustacheValue(_ value: JSONValue) -> Any {
        switch value {
        case .null: return false
        case .bool(let flag): return flag
        case .integer(let number): return Int(number)
        case .double(let number): return number
        case .string(let text): return text
        case .array(let items): return items.map(mustacheValue)
        case .object(let fields):
            var object: [String: Any] = [:]
            for (key, field) in fields where field != .null { object[key] = mustacheValue(field) }
            return object
        }
    }
}

public struct TemplateError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
