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
        name = Self.fold(e.name + " " + e.id)
        aliases = Self.fold(e.aliases.joined(separator: " "))
        var all = name
        all.append(32)
        all += aliases
        for f in e.fields {
            for c in f.claims {
                all.append(32)
                all += Self.fold(c.value.display)
            }
        }
        for r in e.relations {
            for t in r.targets {
                all.append(32)
                all += Self.fold(t)
            }
        }
        self.all = all
    }

    /// `TextFold.fold` as UTF-8, with a fast path for ASCII text (lower-cased byte by byte).
    public static func fold(_ s: String) -> [UInt8] {
        var bytes = Array(s.utf8)
        var ascii = true
        for i in bytes.indices {
            let b = bytes[i]
            if b >= 0x80 { ascii = false; break }
            if b >= 65 && b <= 90 { bytes[i] = b + 32 }
        }
        return ascii ? bytes : Array(TextFold.fold(s).utf8)
    }

    /// Whether folded `term` (UTF-8) occurs in `text`: a byte search, linear in the text, and
    /// at once false for a term longer than the text.
    public static func contains(_ text: [UInt8], _ term: [UInt8]) -> Bool {
        firstOffset(of: term, in: text) != nil
    }

    /// The byte offset of the first `term` in `text` at or after `from`, or nil.
    public static func firstOffset(of term: [UInt8], in text: [UInt8], from: Int = 0) -> Int? {
        if term.isEmpty { return from }
        if term.count > text.count - from { return nil }
        return text.withUnsafeBufferPointer { t -> Int? in
            term.withUnsafeBufferPointer { n -> Int? in
                // memchr for the first byte, memcmp for the rest (memmem is a GNU extension).
                let first = Int32(n[0]), last = t.count - n.count
                var i = from
                while i <= last {
                    guard let hit = memchr(t.baseAddress! + i, first, last - i + 1) else { return nil }
                    i = t.baseAddress!.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                    if memcmp(t.baseAddress! + i, n.baseAddress!, n.count) == 0 { return i }
                    i += 1
                }
                return nil
            }
        }
    }
}

/// The folded search text of every entity, end to end in one buffer (no per-entity arrays to
/// retain and release in the scan), for `find`.
public struct SearchCorpus: Sendable {
    /// Every entity's `SearchText.all`, one after another.
    public let bytes: [UInt8]
    /// Where entity i's text ends in `bytes` (it starts where entity i-1's ends).
    public let ends: [Int]

    public init(_ entities: [Entity]) {
        var bytes: [UInt8] = []
        var ends: [Int] = []
        ends.reserveCapacity(entities.count)
        for e in entities {
            bytes += SearchText(e).all
            ends.append(bytes.count)
        }
        self.bytes = bytes
        self.ends = ends
    }

    /// The entities of `pool` (positions in the registry) whose text holds every term.
    public func entities(matchingAll terms: [[UInt8]], among pool: [Int]) -> [Int] {
        var out: [Int] = []
        bytes.withUnsafeBufferPointer { text in
            ends.withUnsafeBufferPointer { ends in
                guard let base = text.baseAddress ?? UnsafePointer(bitPattern: 1) else { return }
                for i in pool {
                    let start = i == 0 ? 0 : ends[i - 1], end = ends[i]
                    var all = true
                    for t in terms where !Self.find(t, in: base + start, count: end - start) {
                        all = false
                        break
                    }
                    if all { out.append(i) }
                }
            }
        }
        return out
    }

    /// Whether `term` occurs in the `count` bytes at `text` (memchr for its first byte, memcmp
    /// for the rest).
    static func find(_ term: [UInt8], in text: UnsafePointer<UInt8>, count: Int) -> Bool {
        if term.isEmpty { return true }
        if term.count > count { return false }
        return term.withUnsafeBufferPointer { n in
            let first = Int32(n[0]), last = count - n.count
            var i = 0
            while i <= last {
                guard let hit = memchr(text + i, first, last - i + 1) else { return false }
                i = text.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                if memcmp(text + i, n.baseAddress!, n.count) == 0 { return true }
                i += 1
            }
            return false
        }
    }
}

/// The search corpus of one state of a registry, built on the first `find` (thread-safe), so
/// repeated searches fold nothing again.
final class SearchIndex: Sendable {
    private let storage = Mutex<SearchCorpus?>(nil)

    func corpus(_ build: () -> SearchCorpus) -> SearchCorpus {
        storage.withLock { stored in
            if let stored { return stored }
            let built = build()
            stored = built
            return built
        }
    }
}
