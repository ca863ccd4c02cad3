import CoordStorage

extension CoordError.Kind {
    public static let messageNotFound = Self(rawValue: "message-not-found")
}

extension CoordError {
    static func invalidMessageID(_ text: String) -> CoordError {
        invalidInput("'\(Escaping.escape(String(text.prefix(80))))' is not a message id; use the form M-7 (or just 7), as coord inbox shows it.")
    }

    static func messageNotFound(_ ids: [String], agent: String) -> CoordError {
        let list = ids.joined(separator: ", ")
        return CoordError(.messageNotFound,
                          "\(ids.count == 1 ? "There is no message" : "There are no messages") \(list) in the inbox of \(agent), so nothing was recorded; run 'coord inbox --all' to see its messages.",
                          exitStatus: ExitStatus.notFound)
    }

    static func noRecipients() -> CoordError {
        invalidInput("Name at least one recipient and the message, for example: coord send backend \"the API is live\".")
    }
}
