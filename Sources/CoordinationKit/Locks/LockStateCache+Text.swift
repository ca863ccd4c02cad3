import CoordStorage
import FoundationEssentials

/// The text form of `.state/locks.idx` (the layout `LockStateCache` describes):
/// writing it, and reading it back only when it is intact.
extension LockStateCache {
    /// The text of the cache; nil if `order` does not account for every record
    /// id (never so for a state folded or restored here), since the `i` rows
    /// must keep the journal's order.
    func encoded() -> [UInt8]? {
        guard order.count == table.recordIDs.count else { return nil }
        // Built as bytes, field by field: lock writers save it on every call.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(256 + 160 * table.grantCount + 40 * table.recordIDs.count)
        func add(_ text: String) { bytes.append(contentsOf: text.utf8) }
        func field(_ text: String) {
            bytes.append(UInt8(ascii: "\t"))
            bytes.append(contentsOf: text.utf8)
        }
        func escaped(_ text: String) { field(Self.escape(text)) }
        add(Self.header)
        add("\ncovered")
        field(String(covered))
        field(String(checksum, radix: 16))
        field(String(table.highWater))
        field(Self.text(latest))
        for grant in table.allGrants.sorted(by: { $0.token < $1.token || ($0.token == $1.token && $0.path < $1.path) }) {
            add("\ng")
            field(String(grant.token))
            escaped(grant.path.root)
            bytes.append(UInt8(ascii: "\t"))
            for (position, component) in grant.path.components.enumerated() {
                if position > 0 { bytes.append(UInt8(ascii: "/")) }
                bytes.append(contentsOf: Self.escape(component).utf8)
            }
            escaped(grant.holder)
            field(Self.text(grant.since))
            field(Self.text(grant.expires))
            field(String(grant.ttl))
            escaped(grant.intent)
            field(Self.text(grant.renewed))
            escaped(grant.acquireID)
            field(grant.renewID.map { "=" + Self.escape($0) } ?? "-")
            if let process = grant.process { escaped(Self.text(process)) }
        }
        for id in table.contested {
            add("\nc")
            escaped(id)
        }
        // In the order folded, which is the journal's (a claim-heavy board carries
        // a few hundred ids, and sorting them cost more than the rest of the save).
        for id in order {
            add("\ni")
            field(String(recordBytes[id] ?? 0))
            field(refusals.contains(id) ? "r" : silentRenewals.contains(id) ? "s" : "-")
            escaped(id)
        }
        bytes.append(LineScanner.newline)
        add("sum " + Self.hex(Self.checksum(Self.emptyChecksum, bytes[...])) + "\n")
        return bytes
    }

    /// `Escaping.escape`, skipped for the usual text that needs nothing: a
    /// printable ASCII byte other than the backslash stays as it is.
    private static func escape(_ text: String) -> String {
        for byte in text.utf8 where byte < 0x20 || byte >= 0x7F || byte == UInt8(ascii: "\\") {
            return Escaping.escape(text)
        }
        return text
    }

    /// 16 hex digits, as `CacheChecksum` prints its hash.
    static func hex(_ hash: UInt64) -> String {
        let digits = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    /// `Escaping.unescape`, skipped for the usual text that has nothing escaped.
    private static func unescape(_ text: String) -> String {
        for byte in text.utf8 where byte == UInt8(ascii: "\\") { return Escaping.unescape(text) }
        return text
    }

    private static func text(_ date: Date?) -> String {
        guard let date else { return "-" }
        return String(date.timeIntervalSinceReferenceDate.bitPattern, radix: 16)
    }

    private static func date(_ text: String) -> Date? {
        guard let bits = UInt64(text, radix: 16) else { return nil }
        return Date(timeIntervalSinceReferenceDate: Double(bitPattern: bits))
    }

    /// A grant's process binding as `HOST:PID:STARTED` (the optional 13th field of a `g` line).
    private static func text(_ process: HolderProcess) -> String {
        "\(process.host):\(process.pid):\(process.started)"
    }

    private static func process(_ text: String) -> HolderProcess? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 3, let pid = Int32(parts[1]), let started = UInt64(parts[2]) else { return nil }
        return HolderProcess(host: String(parts[0]), pid: pid, started: started)
    }

    /// `text` as an optional instant: `-` is absent; nil (the outer) when malformed.
    private static func optionalDate(_ text: String) -> Date?? {
        text == "-" ? .some(nil) : date(text).map { .some($0) }
    }

    /// The cache in `bytes`, or nil when it is not an intact one.
    ///
    /// Without `recordIDs`, the `i` lines are left unread: a table for
    /// questions only (who holds what), which cannot fold further records or
    /// weigh history, and spares a view the cost of a set of every record id.
    static func decode(_ bytes: [UInt8], grace: Int64, recordIDs: Bool = true) -> LockStateCache? {
        guard let rows = rows(of: bytes, recordIDs: recordIDs) else { return nil }
        let table = LockTable(restoring: rows.grants, highWater: rows.highWater, contested: rows.contested,
                              recordIDs: rows.ids, grace: grace)
        return LockStateCache(table: table, covered: rows.covered, checksum: rows.checksum, recordBytes: rows.recordBytes,
                              refusals: rows.refusals, silentRenewals: rows.silentRenewals, order: rows.order,
                              latest: rows.latest, isSaved: true)
    }

    /// What an intact cache says, before a table is built from it.
    struct Rows {
        var covered: Int
        var checksum: UInt64
        var highWater: Int64
        var latest: Date?
        var grants: [LockGrant] = []
        var contested: [String] = []
        var ids: Set<String> = []
        var recordBytes: [String: Int] = [:]
        var refusals: Set<String> = []
        var silentRenewals: Set<String> = []
        var order: [String] = []
    }

    /// The rows of the cache in `bytes`, or nil when it is not an intact one (see `decode`).
    static func rows(of bytes: [UInt8], recordIDs: Bool) -> Rows? {
        var lines = LineScanner.lines(of: bytes)
        guard let first = lines.first, first.bytes.elementsEqual(header.utf8),
              let last = lines.popLast(), last.bytes.starts(with: "sum ".utf8),
              last.bytes.dropFirst(4).elementsEqual(hex(checksum(emptyChecksum, bytes[..<Int(last.offset)])).utf8),
              lines.count >= 2
        else { return nil }
        let head = fields(lines[1])
        guard head.count == 5, head[0] == "covered", let covered = Int(head[1]), covered >= 0,
              let checksum = UInt64(head[2], radix: 16), let highWater = Int64(head[3]), let latest = optionalDate(head[4])
        else { return nil }
        var rows = Rows(covered: covered, checksum: checksum, highWater: highWater, latest: latest)
        if recordIDs {
            // Nearly every row is an `i` row: sized once instead of grown by doubling.
            rows.ids.reserveCapacity(lines.count)
            rows.recordBytes.reserveCapacity(lines.count)
            rows.order.reserveCapacity(lines.count)
        }
        for line in lines.dropFirst(2) {
            if line.bytes.first == UInt8(ascii: "i") {
                guard recordIDs else { continue }
                guard let record = recordRow(line.bytes) else { return nil }
                if rows.ids.insert(record.id).inserted { rows.order.append(record.id) }
                rows.recordBytes[record.id] = record.bytes
                switch record.flag {
                case UInt8(ascii: "r"): rows.refusals.insert(record.id)
                case UInt8(ascii: "s"): rows.silentRenewals.insert(record.id)
                default: break
                }
                continue
            }
            let row = fields(line)
            switch row.first {
            case "g":
                guard row.count == 12 || row.count == 13, let token = Int64(row[1]), let since = date(row[5]), let expires = date(row[6]),
                      let ttl = Int64(row[7]), let renewed = optionalDate(row[9])
                else { return nil }
                let components = unescape(row[3])
                let path = LockPath(restoringRoot: unescape(row[2]), components: split(components))
                let renewID: String?
                if row[11] == "-" {
                    renewID = nil
                } else if row[11].hasPrefix("=") {
                    renewID = unescape(String(row[11].dropFirst()))
                } else {
                    return nil
                }
                var grant = LockGrant(path: path, holder: unescape(row[4]), token: token, since: since, expires: expires,
                                      ttl: ttl, intent: unescape(row[8]), renewed: renewed,
                                      acquireID: unescape(row[10]), renewID: renewID)
                if row.count == 13 {
                    guard let process = process(unescape(row[12])) else { return nil }
                    grant.process = process
                }
                rows.grants.append(grant)
            case "c":
                guard row.count == 2 else { return nil }
                rows.contested.append(unescape(row[1]))
            default:
                return nil
            }
        }
        return rows
    }

    /// An `i` row (`i  BYTES  r|s|-  ID`), read straight from its bytes: the most
    /// numerous rows (one per record since the last compaction, fence records
    /// of task claims among them), so no field becomes a `String` but the id.
    private static func recordRow(_ bytes: ArraySlice<UInt8>) -> (bytes: Int, flag: UInt8, id: String)? {
        let tab = UInt8(ascii: "\t")
        var index = bytes.startIndex
        guard bytes.count >= 6, bytes[index] == UInt8(ascii: "i"), bytes[index + 1] == tab else { return nil }
        index += 2
        var count = 0
        var digits = 0
        while index < bytes.endIndex, bytes[index] != tab {
            let digit = bytes[index] &- UInt8(ascii: "0")
            guard digit < 10, digits < 18 else { return nil }
            count = count * 10 + Int(digit)
            digits += 1
            index += 1
        }
        guard digits > 0, index + 2 < bytes.endIndex, bytes[index + 2] == tab else { return nil }
        let flag = bytes[index + 1]
        guard flag == UInt8(ascii: "r") || flag == UInt8(ascii: "s") || flag == UInt8(ascii: "-") else { return nil }
        let id = bytes[(index + 3)...]
        guard !id.contains(tab) else { return nil }
        return (count, flag, unescape(String(decoding: id, as: UTF8.self)))
    }

    /// The components of a path written with `/` between them.
    private static func split(_ text: String) -> [String] {
        var components: [String] = []
        var current: [UInt8] = []
        for byte in text.utf8 {
            if byte == UInt8(ascii: "/") {
                components.append(String(decoding: current, as: UTF8.self))
                current.removeAll(keepingCapacity: true)
            } else {
                current.append(byte)
            }
        }
        if !text.isEmpty { components.append(String(decoding: current, as: UTF8.self)) }
        return components
    }

    private static func fields(_ line: FileLine) -> [String] {
        var fields: [String] = []
        var start = line.bytes.startIndex
        for index in line.bytes.indices where line.bytes[index] == UInt8(ascii: "\t") {
            fields.append(String(decoding: line.bytes[start ..< index], as: UTF8.self))
            start = index + 1
        }
        fields.append(String(decoding: line.bytes[start...], as: UTF8.self))
        return fields
    }
}

extension LockPath {
    /// A path exactly as a cache recorded it (the fold's own value, not re-normalised).
    fileprivate init(restoringRoot root: String, components: [String]) {
        self.root = root
        self.components = components
    }
}
