import CoordStorage

/// What `coord import` did (its `--json` shape, version 1).
public struct ImportReport: Codable, Sendable, Equatable {
    public struct ImportedDecision: Codable, Sendable, Equatable {
        public var id: String
        /// The id in the imported file, when the board gave it another one.
        public var originalID: String?

        public init(id: String, originalID: String?) {
            self.id = id
            self.originalID = originalID
        }

        enum CodingKeys: String, CodingKey {
            case id
            case originalID = "original_id"
        }
    }

    public struct DecisionsPart: Codable, Sendable, Equatable {
        public var imported: [ImportedDecision] = []
        /// Ids (on this board) of decisions that were already here.
        public var alreadyPresent: [String] = []
        /// `propagated_to` names recorded as acknowledgements.
        public var acknowledgements = 0

        enum CodingKeys: String, CodingKey {
            case imported, acknowledgements
            case alreadyPresent = "already_present"
        }
    }

    public struct DefaultedLock: Codable, Sendable, Equatable {
        public var path: String
        public var holder: String
        /// The expiry given: `since` plus the default TTL (`JSONView.instant`).
        public var expires: String

        public init(path: String, holder: String, expires: String) {
            self.path = path
            self.holder = holder
            self.expires = expires
        }
    }

    public struct LocksPart: Codable, Sendable, Equatable {
        public var imported = 0
        public var alreadyPresent = 0
        /// Locks that had no `expires` and got the default TTL from `since`.
        public var defaultTTL: [DefaultedLock] = []
        /// Imported locks that had already expired at the time of the import.
        public var expired = 0
        /// Imported locks not granted because another holder's live lock overlaps them.
        public var refused: [RefusedLock] = []

        public struct RefusedLock: Codable, Sendable, Equatable {
            public var path: String
            public var heldBy: String
            public var heldPath: String

            enum CodingKeys: String, CodingKey {
                case path
                case heldBy = "held_by"
                case heldPath = "held_path"
            }
        }

        enum CodingKeys: String, CodingKey {
            case imported, expired, refused
            case alreadyPresent = "already_present"
            case defaultTTL = "default_ttl"
        }
    }

    public struct BulletinPart: Codable, Sendable, Equatable {
        /// Entries appended to the board's bulletin.
        public var copied = 0
        public var alreadyPresent = 0
        /// Entries older than the board's newest entry, left out to keep the bulletin in time order.
        public var leftOut = 0
        /// Lines of the seed bulletin that are not entries in its grammar.
        public var skippedInvalid = 0

        enum CodingKeys: String, CodingKey {
            case copied
            case alreadyPresent = "already_present"
            case leftOut = "left_out"
            case skippedInvalid = "skipped_invalid"
        }
    }

    public var v = 1
    public var folder: String
    /// The seed files that were there and read.
    public var files: [String] = []
    public var decisions = DecisionsPart()
    public var locks = LocksPart()
    public var bulletin = BulletinPart()
    /// Where imported locks were recorded.
    public var locksJournal: String

    /// True when the import wrote anything.
    public var changedBoard: Bool {
        !decisions.imported.isEmpty || decisions.acknowledgements > 0 || locks.imported > 0 || bulletin.copied > 0
    }

    enum CodingKeys: String, CodingKey {
        case v, folder, files, decisions, locks, bulletin
        case locksJournal = "locks_journal"
    }
}
