import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The folded (case- and accent-insensitive) search text of one entity, as `find` matches it.
public struct SearchText: Sendable {
    /// Name and id.
    public let name: [UInt8]
    /// Aliases, space-separated.
    public let aliases: [UInt8]
    /// Name, id, aliases, every field value and every relation target.
    public let all: [UInt8]

    public init(_ e: Entity) {
        let name = TextFold.fold(e.name + " " + e.id)
        let aliases = TextFold.fold(e.aliases.joined(separator: " "))
        var all = name + " " + aliases
        for f in e.fields {
            for c in f.claims { all += " " + TextFold.fold(c.value.display) }
        }
        for r in e.relations { all += " " + TextFold.fold(r.targets.joined(separator: " ")) }
        self.name = Array(name.utf8)
        self.aliases = Array(aliases.utf8)
        self.all = Array(all.utf8)
    }

    /// Whether folded `term` (UTF-8) occurs in `text`: a byte search, linear in the text, and
    /// at once false for a term longer than the text.
    public static func contains(_ text: [UInt8], _ term: [UInt8]) -> Bool {
        if term.isEmpty { return true }
        if term.count > text.count { return false }
        return text.withUnsafeBufferPointer { t in
            term.withUnsafeBufferPointer { n in
                // memchr for the first byte, memcmp for the rest (memmem is a GNU extension).
                let first = Int32(n[0]), last = t.count - n.count
                var i = 0
                while i <= last {
                    guard let hit = memchr(t.baseAddress! + i, first, last - i + 1) else { return false }
                    i = t.baseAddress!.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                    if memcmp(t.baseAddress! + i, n.baseAddress!, n.count) == 0 { return true }
                    i += 1
                }
                return false
            }
        }
    }
}

/// The search text of every entity of one state of a registry, built on the first `find`
/// (thread-safe), so repeated searches fold nothing again.
final class SearchIndex: Sendable {
    private let storage = Mutex<[SearchText]?>(nil)

    func texts(_ build: () -> [SearchText]) -> [SearchText] {
        storage.withLock { stored in
            if let stored { return stored }
            let built = build()
            stored = built
            return built
        }
    }
}
