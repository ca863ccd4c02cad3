import CoordStorage

extension CoordError.Kind {
    public static let workerNotFound = Self(rawValue: "worker-not-found")
    public static let workerComplete = Self(rawValue: "worker-complete")
    public static let briefExists = Self(rawValue: "brief-exists")
    public static let rendererMissing = Self(rawValue: "renderer-missing")
    public static let renderFailed = Self(rawValue: "render-failed")
}

extension CoordError {
    static func invalidDomain(_ text: String, reason: String) -> CoordError {
        .invalidInput("The domain '\(Escaping.escape(text))' \(reason); choose a name such as 'backend-api'.")
    }

    static func repeatedDomain(_ text: String) -> CoordError {
        .invalidInput("The domain '\(Escaping.escape(text))' is given more than once; give each worker its own domain.")
    }

    static func emptyObservation() -> CoordError {
        .invalidInput(
            "Say what changed: pass at least one of --completed, --discovery, --impact, --blocker, --unblocked, --context, --next, --files, --commits or --note.")
    }

    static func workerNotFound(_ domain: String) -> CoordError {
        CoordError(.workerNotFound,
                   "No worker has the domain '\(Escaping.escape(domain))'; list them with 'coord workers', or add one with 'coord brief --domain \(Escaping.escape(domain))'.",
                   exitStatus: ExitStatus.notFound)
    }

    static func noWorker(forAgent agent: String) -> CoordError {
        CoordError(.workerNotFound,
                   "No worker acts as the agent '\(agent)'; pass the domain (coord worker update DOMAIN …) or export COORD_AGENT as your brief says.",
                   exitStatus: ExitStatus.notFound)
    }

    static func severalWorkers(forAgent agent: String, domains: [String]) -> CoordError {
        .invalidInput("The agent '\(agent)' acts for several workers (\(domains.joined(separator: ", "))); pass the domain to say which.")
    }

    static func workerComplete(_ domain: String) -> CoordError {
        CoordError(.workerComplete,
                   "The worker '\(domain)' is already complete; pass --reopen to record more on it, or add a new worker with 'coord brief'.",
                   exitStatus: ExitStatus.refused)
    }

    static func alreadyLaunched(_ paths: [String]) -> CoordError {
        let shown = paths.prefix(3).joined(separator: ", ") + (paths.count > 3 ? " and \(paths.count - 3) more" : "")
        return CoordError(.briefExists, "Refusing to overwrite \(shown); pass --force to replace them, or choose other domains.",
                          exitStatus: ExitStatus.refused)
    }

    static func rendererMissing(_ path: String) -> CoordError {
        CoordError(.rendererMissing,
                   "coord-render, which writes briefs, was not found at '\(path)'; install it next to coord or set COORD_RENDER to its path.")
    }

    static func renderFailed(_ detail: String, template: String) -> CoordError {
        CoordError(.renderFailed, "The template \(template) could not be rendered (\(detail)); fix it, or remove it to use the built-in one.")
    }
}
