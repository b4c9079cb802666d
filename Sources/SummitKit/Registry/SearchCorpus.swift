#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Folded (case- and accent-insensitive) UTF-8 text and byte search, as `find` matches.
public enum SearchText {
    /// What `find` searches in an entity: name, id, aliases, every field value and every
    /// relation target, folded.
    public static func of(_ e: Entity) -> [UInt8] {
        var all = fold(e.name + " " + e.id)
        all.append(32)
        all += fold(e.aliases.joined(separator: " "))
        for f in e.fields {
            for c in f.claims {
                all.append(32)
                all += fold(c.value.display)
            }
        }
        for r in e.relations {
            for t in r.targets {
                all.append(32)
                all += fold(t)
            }
        }
        return all
    }

    /// `TextFold.fold` as UTF-8, with a fast path for ASCII text (lower-cased byte by byte).
    public static func fold(_ s: String) -> [UInt8] {
        var bytes = Array(s.utf8)
        for i in bytes.indices {
            let b = bytes[i]
            if b >= 0x80 { return Array(TextFold.fold(s).utf8) }
            if b >= 65 && b <= 90 { bytes[i] = b + 32 }
        }
        return bytes
    }

    /// Whether `term` occurs in `text` (both folded UTF-8).
    public static func contains(_ text: [UInt8], _ term: [UInt8]) -> Bool {
        firstOffset(of: term, in: text) != nil
    }

    /// The byte offset of the first `term` in `text` at or after `from`, or nil.
    public static func firstOffset(of term: [UInt8], in text: [UInt8], from: Int = 0) -> Int? {
        text.withUnsafeBufferPointer { t in
            term.withUnsafeBufferPointer { n in offset(of: n, in: t.baseAddress, count: t.count, from: from) }
        }
    }

    /// The offset of `term` in the `count` bytes at `text`, searching from `from`: memchr for
    /// its first byte, memcmp for the rest (memmem is a GNU extension). Linear in the text, and
    /// at once nil for a term longer than the text.
    static func offset(of term: UnsafeBufferPointer<UInt8>, in text: UnsafePointer<UInt8>?, count: Int, from: Int = 0) -> Int? {
        guard let needle = term.baseAddress, !term.isEmpty else { return from }
        guard let text, term.count <= count - from else { return nil }
        let first = Int32(needle[0]), last = count - term.count
        var i = from
        while i <= last {
            guard let hit = memchr(text + i, first, last - i + 1) else { return nil }
            i = text.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            if memcmp(text + i, needle, term.count) == 0 { return i }
            i += 1
        }
        return nil
    }
}

/// The search text of every entity, end to end in one buffer (no per-entity arrays to retain
/// and release in the scan), for `find`.
public struct SearchCorpus: Sendable {
    /// Every entity's `SearchText.of`, one after another.
    public let bytes: [UInt8]
    /// Where entity i's text ends in `bytes` (it starts where entity i-1's ends).
    public let ends: [Int]

    public init(_ entities: [Entity]) {
        var bytes: [UInt8] = []
        var ends: [Int] = []
        ends.reserveCapacity(entities.count)
        for e in entities {
            bytes += SearchText.of(e)
            ends.append(bytes.count)
        }
        self.bytes = bytes
        self.ends = ends
    }

    /// The entities of `pool` (positions in the registry) whose text holds every term.
    public func entities(matchingAll terms: [[UInt8]], among pool: [Int]) -> [Int] {
        var out: [Int] = []
        bytes.withUnsafeBufferPointer { text in
            for i in pool {
                let start = i == 0 ? 0 : ends[i - 1]
                let matches = terms.allSatisfy { t in
                    t.withUnsafeBufferPointer { SearchText.offset(of: $0, in: text.baseAddress.map { $0 + start }, count: ends[i] - start) != nil }
                }
                if matches { out.append(i) }
            }
        }
        return out
    }
}
