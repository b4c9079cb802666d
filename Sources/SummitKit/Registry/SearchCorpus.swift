#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// Folded (case- and accent-insensitive) UTF-8 text and byte search, as `find` matches.
public enum SearchText {
    /// Appends what `find` searches in an entity, folded, to `bytes`: name, id, aliases, every
    /// field value and every relation target, separated by spaces. Returns where its name-and-id
    /// part and its aliases part end, and appends where each claim's value ends to `claimEnds`
    /// (offsets in `bytes`). Written in place: no array per part.
    static func append(_ e: Entity, to bytes: inout [UInt8], claimEnds: inout [Int]) -> (nameEnd: Int, aliasEnd: Int) {
        fold(e.name, into: &bytes)
        bytes.append(32)
        fold(e.id, into: &bytes)
        let nameEnd = bytes.count
        bytes.append(32)
        for (k, a) in e.aliases.enumerated() {
            if k > 0 { bytes.append(32) }
            fold(a, into: &bytes)
        }
        let aliasEnd = bytes.count
        for f in e.fields {
            for c in f.claims {
                bytes.append(32)
                fold(c.value.display, into: &bytes)
                claimEnds.append(bytes.count)
            }
        }
        for r in e.relations {
            for t in r.targets {
                bytes.append(32)
                fold(t, into: &bytes)
            }
        }
        return (nameEnd, aliasEnd)
    }

    /// `fold(s)` appended to `bytes`; ASCII is lower-cased as it is copied.
    static func fold(_ s: String, into bytes: inout [UInt8]) {
        let done = s.utf8.withContiguousStorageIfAvailable { u -> Bool in
            guard ByteScan.isASCII(UnsafeRawBufferPointer(u)) else { return false }
            for b in u { bytes.append(b >= 65 && b <= 90 ? b + 32 : b) }
            return true
        } ?? false
        if !done { bytes += TextFold.fold(s).utf8 }
    }

    /// `TextFold.fold` as UTF-8, with a fast path for ASCII text (lower-cased byte by byte).
    public static func fold(_ s: String) -> [UInt8] {
        var bytes: [UInt8] = []
        fold(s, into: &bytes)
        return bytes
    }

    /// The byte offset of the first `term` in `text` at or after `from`, or nil.
    public static func firstOffset(of term: [UInt8], in text: [UInt8], from: Int = 0) -> Int? {
        text.withUnsafeBufferPointer { t in
            term.withUnsafeBufferPointer { n in offset(of: n, in: t.baseAddress, count: t.count, from: from) }
        }
    }

    /// The offset of `term` in the `count` bytes at `text`, searching from `from`: memchr for
    /// its rarest byte (by English letter frequency: `v` of "evaluation", not `e`, so that
    /// memchr stops less often), memcmp for the whole (memmem is not in Swift's Glibc). Linear
    /// in the text, and at once nil for a term longer than the text.
    static func offset(of term: UnsafeBufferPointer<UInt8>, in text: UnsafePointer<UInt8>?, count: Int, from: Int = 0) -> Int? {
        guard let needle = term.baseAddress, !term.isEmpty else { return from }
        guard let text, term.count <= count - from else { return nil }
        let pick = probe(term)
        let probe = Int32(needle[pick]), last = count - term.count
        var i = from
        while i <= last {
            guard let hit = memchr(text + i + pick, probe, last - i + 1) else { return nil }
            i = text.distance(to: hit.assumingMemoryBound(to: UInt8.self)) - pick
            // The first and last bytes first: most probe hits fail there, without a call.
            if text[i] == needle[0], text[i + term.count - 1] == needle[term.count - 1], memcmp(text + i, needle, term.count) == 0 { return i }
            i += 1
        }
        return nil
    }

    /// Where in `term` (not empty) its least common byte is: what the scans look for.
    static func probe(_ term: UnsafeBufferPointer<UInt8>) -> Int {
        var pick = 0
        for k in 1..<term.count where commonness[Int(term[k])] < commonness[Int(term[pick])] { pick = k }
        return pick
    }

    /// How common each byte is in folded English text (letters by frequency, space and vowels
    /// highest; digits, punctuation and UTF-8 bytes low): the probe byte is the least common.
    static let commonness: [UInt8] = {
        var c = [UInt8](repeating: 10, count: 256)
        for (rank, letter) in "zqxjkvbpygfwmucldrhsnioate".utf8.enumerated() { c[Int(letter)] = UInt8(20 + rank * 8) }
        c[32] = 255
        for d in UInt8(48)...57 { c[Int(d)] = 60 }
        return c
    }()
}

/// The search text of every entity, end to end in one buffer (no per-entity arrays to retain
/// and release in the scan), for `find`.
public struct SearchCorpus: Sendable {
    /// Every entity's search text (`SearchText.append`), one after another.
    public let bytes: [UInt8]
    /// Where entity i's text ends in `bytes` (it starts where entity i-1's ends).
    public let ends: [Int]
    /// Where entity i's name and id end, and its aliases: how `find` ranks a match.
    let nameEnds: [Int], aliasEnds: [Int]
    /// Where each claim's value ends, entity after entity, field after field; entity i's are
    /// `claimEnds[firstClaim[i]..<firstClaim[i + 1]]`: which field a match is in.
    let claimEnds: [Int], firstClaim: [Int]
    /// The trigram index, built once this corpus has been searched `scansBeforeIndex` times.
    private let trigrams = BuiltOnce<TrigramIndex>()
    private let searches = UseCount()

    /// Searches that scan the whole corpus before the index is built: one-off searches never
    /// pay for building it, a script of many does (and then gains from it).
    static let scansBeforeIndex = 4
    /// Corpora larger than this are always scanned: the index takes about three bytes for every
    /// byte of text, too much memory for a very large pack. (It also keeps entity positions
    /// and posting counts well inside Int32.)
    static let indexLimit = 32 << 20

    /// New corpora of fewer entities than this are built on the calling thread alone.
    static let entitiesPerBuild = 20_000

    /// The corpus of `entities`, built on every core a range at a time, then joined.
    public init(_ entities: [Entity]) { self.init(EntityStore(entities)) }

    /// The corpus of the registry's entities (made from a pack's image as they are read).
    public init(_ entities: EntityStore) {
        let pieces = Parallel.chunks(entities.count, minimum: Self.entitiesPerBuild) { range in
            Piece(entities, range)
        }
        if pieces.count == 1 {
            let p = pieces[0]
            (bytes, ends, nameEnds, aliasEnds, claimEnds, firstClaim) = (p.bytes, p.ends, p.nameEnds, p.aliasEnds, p.claimEnds, p.firstClaim)
            return
        }
        var bytes: [UInt8] = [], ends: [Int] = [], nameEnds: [Int] = [], aliasEnds: [Int] = [], claimEnds: [Int] = [], firstClaim: [Int] = []
        bytes.reserveCapacity(pieces.reduce(0) { $0 + $1.bytes.count })
        ends.reserveCapacity(entities.count)
        nameEnds.reserveCapacity(entities.count)
        aliasEnds.reserveCapacity(entities.count)
        claimEnds.reserveCapacity(pieces.reduce(0) { $0 + $1.claimEnds.count })
        firstClaim.reserveCapacity(entities.count + 1)
        for p in pieces {
            // A piece's offsets count from its own start: shift them past the pieces before it.
            let byteBase = bytes.count, claimBase = claimEnds.count
            bytes += p.bytes
            ends += p.ends.map { $0 + byteBase }
            nameEnds += p.nameEnds.map { $0 + byteBase }
            aliasEnds += p.aliasEnds.map { $0 + byteBase }
            claimEnds += p.claimEnds.map { $0 + byteBase }
            firstClaim += p.firstClaim.dropLast().map { $0 + claimBase }
        }
        firstClaim.append(claimEnds.count)
        (self.bytes, self.ends, self.nameEnds, self.aliasEnds, self.claimEnds, self.firstClaim) = (bytes, ends, nameEnds, aliasEnds, claimEnds, firstClaim)
    }

    /// The corpus of some entities, with offsets from its own start.
    struct Piece: Sendable {
        var bytes: [UInt8] = []
        var ends: [Int] = [], nameEnds: [Int] = [], aliasEnds: [Int] = [], claimEnds: [Int] = [], firstClaim: [Int] = []

        init(_ entities: EntityStore, _ range: Range<Int>) {
            ends.reserveCapacity(range.count)
            nameEnds.reserveCapacity(range.count)
            aliasEnds.reserveCapacity(range.count)
            firstClaim.reserveCapacity(range.count + 1)
            for i in range {
                let e = entities[i]
                firstClaim.append(claimEnds.count)
                let (nameEnd, aliasEnd) = SearchText.append(e, to: &bytes, claimEnds: &claimEnds)
                nameEnds.append(nameEnd)
                aliasEnds.append(aliasEnd)
                ends.append(bytes.count)
            }
            firstClaim.append(claimEnds.count)
        }
    }

    /// For entity i, known to hold the terms but not in its name, id or aliases (rank 2): the
    /// first claim, counting every field's claims in order, whose value holds any term, with
    /// where the first term is in that value's folded text (0 when it is not there); nil when
    /// the match is in the relations only.
    public func claimMatch(of i: Int, _ terms: SearchTerms) -> (claim: Int, offset: Int)? {
        let end = ends[i]
        let t = terms.buffers
        return bytes.withUnsafeBufferPointer { text -> (claim: Int, offset: Int)? in
            let from = aliasEnds[i]
            // The earliest hit of any term lies in the first claim that holds one (claims
            // are laid out in order, and a term, having no space, never spans two).
            var earliest = Int.max
            for term in t {
                if let o = SearchText.offset(of: term, in: text.baseAddress.map { $0 + from }, count: end - from) {
                    earliest = min(earliest, o)
                }
            }
            guard earliest != .max else { return nil }
            let at = from + earliest
            for k in firstClaim[i]..<firstClaim[i + 1] where at < claimEnds[k] {
                let start = k == firstClaim[i] ? from + 1 : claimEnds[k - 1] + 1
                let o = SearchText.offset(of: t[0], in: text.baseAddress.map { $0 + start }, count: claimEnds[k] - start) ?? 0
                return (k - firstClaim[i], o)
            }
            return nil
        }
    }

    /// How entity i matches terms it is known to hold: 0 when its name and id hold them all,
    /// 1 when its name, id and aliases do, else 2 (a field or relation).
    public func rank(of i: Int, _ terms: SearchTerms) -> Int {
        let start = i == 0 ? 0 : ends[i - 1]
        return bytes.withUnsafeBufferPointer { text in
            func all(before end: Int) -> Bool {
                terms.buffers.allSatisfy { SearchText.offset(of: $0, in: text.baseAddress.map { $0 + start }, count: end - start) != nil }
            }
            if all(before: nameEnds[i]) { return 0 }
            return all(before: aliasEnds[i]) ? 1 : 2
        }
    }

    /// The entities whose text holds every term, in registry order, each with its `rank`; only
    /// those in `pool` (registry positions, ascending) when given.
    ///
    /// Each term is looked for once over the whole buffer (memchr for its rarest byte), not
    /// entity by entity: a hit is placed by a binary search over `ends`, counts only when it
    /// lies within one entity's text, and the scan then jumps to the next entity. After
    /// `scansBeforeIndex` searches of a corpus of at most `indexLimit` bytes, a trigram index
    /// gives the candidates instead (`TrigramIndex`), and only their texts are searched. Both
    /// give the same entities.
    public func entities(matchingAll terms: SearchTerms, among pool: [Int]? = nil) -> [(index: Int, rank: Int)] {
        let useIndex = bytes.count <= Self.indexLimit && searches.next() > Self.scansBeforeIndex
        return entities(matchingAll: terms, among: pool, indexed: useIndex)
    }

    /// `entities(matchingAll:among:)` by the index (when a term has three bytes or more) or by
    /// a scan, as asked.
    func entities(matchingAll terms: SearchTerms, among pool: [Int]?, indexed: Bool) -> [(index: Int, rank: Int)] {
        if indexed, let candidates = indexCandidates(terms) { return verified(candidates, terms, among: pool) }
        let n = ends.count
        // matched[e] == k: entity e holds the first k terms.
        var matched = [Int32](repeating: 0, count: n)
        bytes.withUnsafeBufferPointer { text in
            guard let base = text.baseAddress else { return }
            for (k, term) in terms.buffers.enumerated() {
                guard !term.isEmpty else {
                    for e in 0..<n where matched[e] == Int32(k) { matched[e] += 1 }
                    continue
                }
                let len = term.count
                var i = 0
                while let c = SearchText.offset(of: term, in: base, count: text.count, from: i) {
                    // The entity whose text holds offset c: the first with ends[e] > c.
                    var lo = 0, hi = n
                    while lo < hi {
                        let mid = (lo + hi) / 2
                        if ends[mid] > c { hi = mid } else { lo = mid + 1 }
                    }
                    let e = lo
                    guard c + len <= ends[e] else { i = c + 1; continue }  // spans two entities
                    if matched[e] == Int32(k) { matched[e] = Int32(k + 1) }
                    i = ends[e]
                }
            }
        }
        let all = Int32(terms.buffers.count)
        var out: [(index: Int, rank: Int)] = []
        if let pool {
            for e in pool where matched[e] == all { out.append((e, rank(of: e, terms))) }
        } else {
            for e in 0..<n where matched[e] == all { out.append((e, rank(of: e, terms))) }
        }
        return out
    }

    /// The shortest posting list among the trigrams of every term of three bytes or more (a
    /// superset of the matches, ascending); nil when no term is that long.
    private func indexCandidates(_ terms: SearchTerms) -> ArraySlice<Int32>? {
        guard terms.buffers.contains(where: { $0.count >= 3 }) else { return nil }
        let index = trigrams.value { TrigramIndex(bytes, ends: ends) }
        var best: ArraySlice<Int32>?
        for term in terms.buffers where term.count >= 3 {
            for k in 0...(term.count - 3) {
                let list = index.entities(withTrigramAt: term, k)
                if best == nil || list.count < best!.count { best = list }
            }
        }
        return best
    }

    /// The candidates whose own text holds every term, with their ranks.
    private func verified(_ candidates: ArraySlice<Int32>, _ terms: SearchTerms, among pool: [Int]?) -> [(index: Int, rank: Int)] {
        var out: [(index: Int, rank: Int)] = []
        bytes.withUnsafeBufferPointer { text in
            for c in candidates {
                let e = Int(c)
                if let pool, !Self.sortedContains(pool, e) { continue }
                let start = e == 0 ? 0 : ends[e - 1], end = ends[e]
                let holdsAll = terms.buffers.allSatisfy { term in
                    SearchText.offset(of: term, in: text.baseAddress.map { $0 + start }, count: end - start) != nil
                }
                if holdsAll { out.append((e, rank(of: e, terms))) }
            }
        }
        return out
    }

    private static func sortedContains(_ sorted: [Int], _ x: Int) -> Bool {
        var lo = 0, hi = sorted.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if sorted[mid] < x { lo = mid + 1 } else { hi = mid }
        }
        return lo < sorted.count && sorted[lo] == x
    }
}

/// For each of 65,536 buckets of byte trigrams, the entities (ascending, each once) whose
/// search text holds a trigram of that bucket. An entity holding a term holds each of the
/// term's trigrams, so it is in each of their lists: the shortest list is a superset of the
/// matches, which are then checked in the entities' own texts. Built in two passes over the
/// corpus (count, then fill), with no hashing of strings.
final class TrigramIndex: Sendable {
    private let offsets: [Int32]
    private let postings: [Int32]
    static let bucketBits = 16

    @inline(__always)
    static func bucket(_ a: UInt8, _ b: UInt8, _ c: UInt8) -> Int {
        let h = (UInt32(a) &* 0x9E37_79B1) ^ (UInt32(b) &* 0x85EB_CA77) ^ (UInt32(c) &* 0xC2B2_AE3D)
        return Int(h >> (32 - UInt32(bucketBits)))
    }

    init(_ bytes: [UInt8], ends: [Int]) {
        let buckets = 1 << Self.bucketBits
        var counts = [Int32](repeating: 0, count: buckets + 1)
        var lastSeen = [Int32](repeating: -1, count: buckets)
        // Pass 1: how many entities each bucket lists; pass 2: the lists, in entity order.
        func each(_ body: (Int, Int) -> Void) {
            bytes.withUnsafeBufferPointer { t in
                var start = 0
                for (e, end) in ends.enumerated() {
                    if end - start >= 3 {
                        for k in start...(end - 3) { body(e, Self.bucket(t[k], t[k + 1], t[k + 2])) }
                    }
                    start = end
                }
            }
        }
        each { e, h in
            if lastSeen[h] != Int32(e) {
                lastSeen[h] = Int32(e)
                counts[h + 1] += 1
            }
        }
        for h in 0..<buckets { counts[h + 1] += counts[h] }
        var cursor = Array(counts[0..<buckets])
        var postings = [Int32](repeating: 0, count: Int(counts[buckets]))
        for h in 0..<buckets { lastSeen[h] = -1 }
        each { e, h in
            if lastSeen[h] != Int32(e) {
                lastSeen[h] = Int32(e)
                postings[Int(cursor[h])] = Int32(e)
                cursor[h] += 1
            }
        }
        offsets = counts
        self.postings = postings
    }

    /// The entities listed for the bucket of the trigram at offset `k` of `term`.
    func entities(withTrigramAt term: UnsafeBufferPointer<UInt8>, _ k: Int) -> ArraySlice<Int32> {
        let h = Self.bucket(term[k], term[k + 1], term[k + 2])
        return postings[Int(offsets[h])..<Int(offsets[h + 1])]
    }
}

/// A search's folded terms, in one buffer that outlives the calls that use them (the corpus
/// reads them through pointers, retaining nothing).
/// Sendable: the bytes are written once, in `init`, and only read after.
public final class SearchTerms: @unchecked Sendable {
    private let storage: UnsafeMutableBufferPointer<UInt8>
    /// Each term's bytes, in order.
    public let buffers: [UnsafeBufferPointer<UInt8>]

    public init(_ terms: [[UInt8]]) {
        let total = terms.reduce(0) { $0 + $1.count }
        storage = .allocate(capacity: max(1, total))
        var buffers: [UnsafeBufferPointer<UInt8>] = []
        var at = 0
        for t in terms {
            let slice = UnsafeMutableBufferPointer(rebasing: storage[at..<(at + t.count)])
            _ = slice.initialize(from: t)
            buffers.append(UnsafeBufferPointer(slice))
            at += t.count
        }
        self.buffers = buffers
    }

    deinit { storage.deallocate() }
}
