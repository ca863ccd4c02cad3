import CoordStorage

/// The templates coord renders briefs from.
public enum BriefTemplateName: String, Codable, Sendable, CaseIterable {
    case worker = "worker-brief"
    case observer = "observer-brief"

    /// The override file in `.coordination/templates/`.
    public var fileName: String { rawValue + ".mustache" }
}

/// What coord asks the template renderer for.
public struct RenderRequest: Codable, Sendable, Equatable {
    public var v = 1
    public var template: BriefTemplateName
    /// The user's override template text; nil for the built-in one.
    public var source: String?
    /// Where `source` came from, for messages.
    public var origin: String?
    /// One context per output, each a JSON object.
    public var contexts: [JSONValue]

    public init(template: BriefTemplateName, source: String?, origin: String?, contexts: [JSONValue]) {
        self.template = template
        self.source = source
        self.origin = origin
        self.contexts = contexts
    }
}

/// What the template renderer answers.
public struct RenderResponse: Codable, Sendable, Equatable {
    public var v = 1
    /// The template version the outputs were rendered from (recorded in each brief and entity).
    public var version: String
    public var outputs: [String]

    public init(version: String, outputs: [String]) {
        self.version = version
        self.outputs = outputs
    }
}

/// Renders briefs from templates.
///
/// The library prepares each request (a board's override template, one JSON
/// context per brief) and reports failures in its own words; the rendering
/// itself is passed in, so the library stays free of Mustache and Foundation.
/// coord passes `BriefRenderer.mustache` from `CoordinationTemplates`.
public struct BriefRenderer: Sendable {
    /// The folder in `.coordination/` holding template overrides.
    public static let templateFolder = "templates"

    /// Why a template could not be rendered, in a few words.
    public struct Failure: Error {
        public var message: String
        public init(_ message: String) { self.message = message }
    }

    private let renderRequest: @Sendable (RenderRequest) throws -> RenderResponse

    /// `render` answers a request, or throws `Failure`.
    public init(_ render: @escaping @Sendable (RenderRequest) throws -> RenderResponse) {
        renderRequest = render
    }

    /// Renders `template` once per context, with the board's override when it has one.
    public func render<Context: Encodable>(_ template: BriefTemplateName, contexts: [Context],
                                           on board: BoardDirectory) throws -> RenderResponse {
        let override = try Self.override(template, on: board)
        let values = try contexts.map { try BoardJSON.decode(JSONValue.self, from: BoardJSON.line($0)) }
        let request = RenderRequest(template: template, source: override?.text, origin: override?.path, contexts: values)
        let shownName = override.map { "'\($0.path)'" } ?? "'\(template.rawValue)' (built-in)"
        let response: RenderResponse
        do {
            response = try renderRequest(request)
        } catch let failure as Failure {
            var detail = failure.message
            while detail.last == "\n" || detail.last == "." { detail.removeLast() }
            throw CoordError.renderFailed(Escaping.escape(detail), template: shownName)
        }
        guard response.outputs.count == contexts.count else {
            throw CoordError.renderFailed("\(response.outputs.count) briefs came back for \(contexts.count) workers",
                                          template: shownName)
        }
        return response
    }

    /// The text of `.coordination/templates/<name>.mustache`, when the board has one.
    static func override(_ template: BriefTemplateName, on board: BoardDirectory) throws -> (text: String, path: String)? {
        guard let folder = try board.subdirectory(templateFolder, create: false),
              let bytes = try folder.read(template.fileName)
        else { return nil }
        let path = folder.child(template.fileName)
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw CoordError.renderFailed("it is not valid UTF-8", template: "'\(path)'")
        }
        return (text, path)
    }
}
