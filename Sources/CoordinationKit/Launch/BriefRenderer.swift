import CoordStorage

/// The templates coord renders briefs from.
public enum BriefTemplateName: String, Codable, Sendable, CaseIterable {
    case worker = "worker-brief"
    case observer = "observer-brief"

    /// The override file in `.coordination/templates/`.
    public var fileName: String { rawValue + ".mustache" }
}

/// What coord sends `coord-render --request` on standard input.
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

/// What `coord-render --request` prints on standard output.
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

/// Renders briefs by running `coord-render` as a child process.
///
/// Mustache needs all of Foundation, which costs every coord call about 2 ms
/// at start-up, so coord itself never links it: only `coord-render` does, and
/// only `coord launch` and `coord brief` run it.
public struct BriefRenderer: Sendable {
    public static let executableName = "coord-render"
    /// The folder in `.coordination/` holding template overrides.
    public static let templateFolder = "templates"

    /// The `coord-render` executable.
    public let path: String

    public init(path: String) { self.path = path }

    /// `COORD_RENDER` when set, else `coord-render` next to the running executable.
    public static func locate(environment: (String) -> String?) -> BriefRenderer {
        if let explicit = environment("COORD_RENDER"), !explicit.isEmpty { return BriefRenderer(path: explicit) }
        let folder = ChildProcess.executableFolder ?? "."
        return BriefRenderer(path: (folder == "/" ? "" : folder) + "/" + executableName)
    }

    /// Renders `template` once per context, with the board's override when it has one.
    public func render<Context: Encodable>(_ template: BriefTemplateName, contexts: [Context],
                                           on board: BoardDirectory) throws -> RenderResponse {
        let override = try Self.override(template, on: board)
        let values = try contexts.map { try BoardJSON.decode(JSONValue.self, from: BoardJSON.line($0)) }
        let request = RenderRequest(template: template, source: override?.text, origin: override?.path, contexts: values)
        guard ChildProcess.isExecutable(path) else { throw CoordError.rendererMissing(path) }
        let result = try ChildProcess.run(path, arguments: ["--request"], input: try BoardJSON.line(request))
        let shownName = override.map { "'\($0.path)'" } ?? "'\(template.rawValue)' (built-in)"
        guard result.status == 0 else {
            var detail = result.errorText
            if detail.hasPrefix("coord-render: ") { detail.removeFirst("coord-render: ".count) }
            while detail.last == "\n" || detail.last == "." { detail.removeLast() }
            throw CoordError.renderFailed(Escaping.escape(detail.isEmpty ? "exit status \(result.status)" : detail),
                                          template: shownName)
        }
        guard let response = try? BoardJSON.decode(RenderResponse.self, from: result.output),
              response.outputs.count == contexts.count
        else { throw CoordError.renderFailed("coord-render gave no usable answer; reinstall coord and coord-render together",
                                             template: shownName) }
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
