import CoordStorage

extension CoordError.Kind {
    public static let decisionNotFound = Self(rawValue: "decision-not-found")
    public static let decisionWrongStatus = Self(rawValue: "decision-wrong-status")
}

extension CoordError {
    static func decisionNotFound(_ id: String, known: Int) -> CoordError {
        let message = known == 0
            ? "There is no decision \(id) because this board has no decisions yet; record one with coord decide."
            : "There is no decision \(id) on this board; run 'coord decisions' to list the \(known) it has."
        return CoordError(.decisionNotFound, message, exitStatus: ExitStatus.notFound)
    }

    static func notProposed(_ decision: Decision, action: String) -> CoordError {
        let fix: String
        switch decision.status {
        case .accepted: fix = "it is already accepted; to change it, record a new decision with --supersedes \(decision.id)"
        case .rejected: fix = "it was rejected; record a new decision (coord decide --proposed) instead"
        case .superseded: fix = "it was superseded by \(decision.supersededBy ?? "a later decision"); work from that one instead"
        case .proposed: fix = "it is proposed"
        }
        return CoordError(.decisionWrongStatus, "Cannot \(action) \(decision.id) because \(fix).",
                          exitStatus: ExitStatus.refused)
    }

    static func cannotSupersede(_ target: Decision, by id: String) -> CoordError {
        let why: String
        switch target.status {
        case .proposed: why = "it is only proposed; reject it with coord reject \(target.id) --reason \"replaced by \(id)\" instead"
        case .rejected: why = "it was rejected, so nothing needs replacing"
        case .superseded: why = "it was already superseded by \(target.supersededBy ?? "a later decision"); supersede that one instead"
        case .accepted: why = "it is accepted"
        }
        return CoordError(.decisionWrongStatus, "\(id) cannot supersede \(target.id) because \(why).",
                          exitStatus: ExitStatus.refused)
    }

    /// Approving `proposal` would supersede `target`, which is no longer accepted.
    static func approvalBlocked(_ proposal: String, by target: Decision) -> CoordError {
        let state = target.status == .superseded
            ? "was superseded by \(target.supersededBy ?? "a later decision") in the meantime"
            : "is \(target.status.rawValue), not accepted"
        return CoordError(.decisionWrongStatus,
                          "Cannot approve \(proposal) because \(target.id), which it supersedes, \(state); reject \(proposal) and propose again against what is in force now.",
                          exitStatus: ExitStatus.refused)
    }

    static func invalidDecisionID(_ text: String) -> CoordError {
        invalidInput("'\(Escaping.escape(text))' is not a decision id; use the form ADR-007 (or just 7).")
    }
}

extension CoordError.Kind {
    public static let voteRefused = Self(rawValue: "vote-refused")
}

extension CoordError {
    static func notOpenForVote(_ decision: Decision) -> CoordError {
        let fix = decision.status == .proposed
            ? "it was proposed without --quorum; settle it with coord approve or coord reject, or propose it again with --quorum N"
            : "it is \(decision.status.rawValue) and was never put to a vote"
        return CoordError(.voteRefused, "Cannot vote on \(decision.id) because \(fix).", exitStatus: ExitStatus.refused)
    }

    static func voteClosed(_ decision: Decision) -> CoordError {
        var how = "is \(decision.status.rawValue)"
        if let vote = decision.vote {
            let tally = Decisions.tallySummary(vote.tally, quorum: vote.quorum)
            switch vote.state {
            case .accepted, .rejected: how = "closed \(vote.state.rawValue) at \(tally)"
            case .overridden: how = "was closed by \(vote.closedBy ?? "someone") overriding it at \(tally)"
            case .open: break
            }
        }
        return CoordError(.voteRefused, "Cannot vote on \(decision.id) because its vote \(how); votes after the close are not counted.",
                          exitStatus: ExitStatus.refused)
    }

    static func notAVoter(_ agent: String, _ decision: Decision) -> CoordError {
        CoordError(.voteRefused,
                   "\(agent) cannot vote on \(decision.id) because only \((decision.vote?.voters ?? []).joined(separator: ", ")) may; vote as one of them with --as NAME.",
                   exitStatus: ExitStatus.refused)
    }
}
