import ArgumentParser
import CoordStorage
import CoordinationKit
import CoordinationTemplates
import Foundation

/// Renders coord's brief templates. `coord launch` and `coord brief` run it
/// as a child process (`--request`); people run it to preview or start an
/// override template.
@main
struct CoordRender: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coord-render",
        abstract: "Render coord's brief templates (run by coord launch and coord brief).",
        discussion: """
            coord keeps Mustache out of its own binary, so it starts fast; this companion
            renders briefs instead. Install it in the same folder as coord, or point
            COORD_RENDER at it.

            Examples:
              coord-render --print worker-brief > .coordination/templates/worker-brief.mustache
              coord-render worker-brief --template-file my.mustache < context.json
              coord-render --request < request.json        # what coord itself runs
            """,
        version: "0.1.0"
    )

    @Argument(help: ArgumentHelp("The template: worker-brief or observer-brief.", valueName: "template"))
    var template: String?

    @Option(help: ArgumentHelp("Render this Mustache file instead of the built-in template.", valueName: "FILE"))
    var templateFile: String?

    @Flag(help: "Print the built-in template's text (a starting point for an override).")
    var print = false

    @Flag(help: "Read a JSON render request on standard input and answer with JSON (the protocol coord uses).")
    var request = false

    func validate() throws {
        if request {
            if template != nil || templateFile != nil || print {
                throw ValidationError("--request takes everything from standard input; give no other arguments.")
            }
            return
        }
        guard let template else { throw ValidationError("Name a template: worker-brief or observer-brief.") }
        if BriefTemplateName(rawValue: template) == nil {
            throw ValidationError("'\(template)' is not a template; use worker-brief or observer-brief.")
        }
        if print && templateFile != nil { throw ValidationError("--print shows the built-in template; leave out --template-file.") }
    }

    func run() throws {
        do {
            if request {
                let incoming = try JSONDecoder().decode(RenderRequest.self, from: FileHandle.standardInput.readDataToEndOfFile())
                let response = try BriefTemplates.render(incoming)
                FileHandle.standardOutput.write(Data(try BoardJSON.line(response)))
                return
            }
            let name = BriefTemplateName(rawValue: template ?? "")!
            if print {
                FileHandle.standardOutput.write(Data((BuiltInTemplates.text(of: name) + "\n").utf8))
                return
            }
            let context = try JSONDecoder().decode(JSONValue.self, from: FileHandle.standardInput.readDataToEndOfFile())
            let source = try templateFile.map { try String(contentsOfFile: $0, encoding: .utf8) }
            let response = try BriefTemplates.render(
                RenderRequest(template: name, source: source, origin: templateFile, contexts: [context]))
            FileHandle.standardOutput.write(Data(response.outputs[0].utf8))
        } catch let error as TemplateError {
            fail(error.message)
        } catch let error as DecodingError {
            fail("standard input is not the expected JSON (\(error))")
        }
    }

    private func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("coord-render: \(message)\n".utf8))
        Foundation.exit(1)
    }
}
