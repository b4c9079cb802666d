import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A pack's compiled form laid out to be read where it lies: the form the pack cache keeps, mapped
/// into memory rather than read and decoded. A million entities are then in the registry at once,
/// and each is read from the image's bytes when something asks for it (`Entity`'s mapped storage).
///
/// Layout (little-endian; every section starts on 8 bytes):
///
/// - `SUMMITIM`, the form's version (UInt32), the length of the caller's header (UInt32, the
///   cache's stamp) and the header;
/// - a directory of UInt64s: where each section is and how many items it holds;
/// - the pack without its entities in `PackBinary` form (directory, manifest, problems), whose
///   own header holds the `summary` (JSON): the pack all entities share, whether all its text is
///   ASCII, and what was checked;
/// - the string table: (count + 1) UInt32 offsets, then the text;
/// - the entities: one UInt32 offset each, then each entity as `PackBinary` writes one, with
///   strings as numbers into this image's table;
/// - the id index: open addressing, a power of two of UInt32 slots (entity + 1, 0 when empty);
/// - the kind runs: (kind string, first entity, count), three UInt32s each;
/// - a Bloom filter of the ids (UInt64 words, 16 bits an id, four probes): an id that is not
///   there is mostly told without reading the index, whose pages lie all over the file (linking
///   a pack looks up every id already in the registry);
/// - money columns: for a field whose value (first claim) is money wherever an entity has it,
///   and which at least `columnMinimum` entities have, every entity's amount (Float64) and
///   currency (a UInt8: 0 without the field, else 1 + the currency's place in the column's list),
///   after the field's name and the currencies (UInt32 strings). A query over such a field
///   (`funding list | where amount > 1bn | sort amount desc`) reads these instead of the
///   entities' bytes.
///
/// The summary says what `Registry.add(image:)` need not check again: the shape of every entity
/// (kinds, required fields, sources) against the kinds it was checked with, that the ids are
/// distinct (and ASCII, see `position(of:)`), and which ids outside the pack the entities refer
/// to. It is left out when any of that does not hold; the pack then loads as decoded entities
/// and is checked as usual, with the usual messages.
///
/// The sections are checked against the file's length when it is opened. Each read after that
/// is bounds-checked: a damaged image gives empty text or an entity without fields, never a
/// crash. Cache entries are written whole to another name and renamed, so a mapped image never
/// changes under its reader.
public final class PackImage: @unchecked Sendable {
    static let magic: [UInt8] = Array("SUMMITIM".utf8)
    /// Bumped whenever the layout changes: an older image is then refused (and read afresh).
    static let version: UInt32 = 3
    static let directoryWords = 15
    /// A money field gets a column when at least this many entities have it.
    public static let columnMinimum = 1_000

    /// The mapped (or held) bytes; valid for the image's life.
    let base: UnsafeRawBufferPointer
    private let mapping: UnsafeMutableRawPointer?
    private let owned: UnsafeMutableRawBufferPointer?

    /// The caller's header (the pack cache's stamp).
    public let header: [UInt8]
    /// The pack's directory, manifest and problems, without entities.
    private let blob: PackContents
    /// The pack every entity names, when they all name one.
    let commonPack: String?
    /// Whether every string of the table is ASCII (bytes then compare as strings do).
    let textIsASCII: Bool
    /// What was checked when the image was written (nil: check everything).
    let checked: Checked?

    struct Checked {
        /// For each kind present: its required fields as `Registry.shapeKey` writes them.
        var kinds: [String: String]
        /// The ids outside the pack that its entities refer to.
        var external: [String]
    }

    let strings: Strings
    public let count: Int
    private let entityOffsets: UnsafeRawPointer
    private let entityBytes: Int
    private let entityBytesCount: Int
    private let slots: UnsafeRawPointer
    private let slotCount: Int
    private let runs: UnsafeRawPointer
    private let runCount: Int
    private let bloom: UnsafeRawPointer
    private let bloomBits: Int
    /// The money columns, by field name.
    private let columns: [String: MoneyColumn]

    /// A money field of every entity, read in place (see the layout above).
    public struct MoneyColumn: @unchecked Sendable {
        let amounts: UnsafeRawPointer
        let tags: UnsafePointer<UInt8>
        /// The currencies, in the order the tags number them (from 1).
        public let currencies: [String]
        public let count: Int
        /// For a cursor's reads from the file.
        let access: Access

        /// Reads the cells one pass at a time through a small buffer, copied from the file with
        /// `pread`: a scan of a million cells then maps none of the column's pages. Plain values
        /// and pointers (nothing to retain per cell); the owner allocates and frees the buffers.
        public struct Window {
            private let fd: Int32, count: Int, currencies: Int
            /// Where the amounts and tags are: in the file (cold reads), or in memory.
            private let amountsAt: Int, tagsAt: Int
            private let amountsInMemory: UnsafeRawPointer, tagsInMemory: UnsafePointer<UInt8>
            private var first = 0, n = 0
            private let amounts: UnsafeMutableBufferPointer<UInt64>, tags: UnsafeMutableBufferPointer<UInt8>
            static let size = 8_192

            init(_ column: MoneyColumn) {
                fd = column.access.fd
                count = column.count
                currencies = column.currencies.count
                amountsAt = column.amounts - column.access.start
                tagsAt = UnsafeRawPointer(column.tags) - column.access.start
                (amountsInMemory, tagsInMemory) = (column.amounts, column.tags)
                amounts = .allocate(capacity: fd >= 0 ? Self.size : 0)
                tags = .allocate(capacity: fd >= 0 ? Self.size : 0)
            }

            /// Frees the buffers (the owner's deinit).
            func deallocate() {
                amounts.deallocate()
                tags.deallocate()
            }

            /// Reads the window holding cell `i`; false when the file cannot be read.
            private mutating func fill(_ i: Int) -> Bool {
                first = i - i % Self.size
                n = min(Self.size, count - first)
                let ok = Access.pread(fd, UnsafeMutableRawPointer(amounts.baseAddress!), 8 * n, amountsAt + 8 * first)
                    && Access.pread(fd, UnsafeMutableRawPointer(tags.baseAddress!), n, tagsAt + first)
                if !ok { n = 0 }
                return ok
            }

            /// Cell `i`'s tag (0 without the field, else 1 + its currency).
            @inline(__always)
            private mutating func tag(_ i: Int) -> Int {
                guard i >= 0, i < count else { return 0 }
                if fd < 0 { return Int(tagsInMemory[i]) }
                if i < first || i >= first + n { guard fill(i) else { return 0 } }
                return Int(tags[i - first])
            }

            public mutating func cell(_ i: Int) -> (amount: Double, currency: Int)? {
                let t = tag(i)
                guard t > 0, t <= currencies else { return nil }
                let bits = fd < 0 ? amountsInMemory.loadUnaligned(fromByteOffset: 8 * i, as: UInt64.self) : amounts[i - first]
                return (Double(bitPattern: UInt64(littleEndian: bits)), t - 1)
            }

            public mutating func has(_ i: Int) -> Bool {
                let t = tag(i)
                return t > 0 && t <= currencies
            }
        }

        /// A `Window` of its own, freed with it.
        public final class Cursor {
            private var window: Window
            init(_ column: MoneyColumn) { window = Window(column) }
            deinit { window.deallocate() }
            public func cell(_ i: Int) -> (amount: Double, currency: Int)? { window.cell(i) }
            public func has(_ i: Int) -> Bool { window.has(i) }
        }

        public func cursor() -> Cursor { Cursor(self) }

        /// Entity `i`'s amount and currency, nil when it has no such field.
        @inline(__always)
        public func cell(_ i: Int) -> (amount: Double, currency: Int)? {
            guard i >= 0, i < count else { return nil }
            let t = Int(tags[i])
            guard t > 0, t <= currencies.count else { return nil }
            return (Double(bitPattern: UInt64(littleEndian: amounts.loadUnaligned(fromByteOffset: 8 * i, as: UInt64.self))), t - 1)
        }

        /// Whether entity `i` has the field.
        @inline(__always)
        public func has(_ i: Int) -> Bool { i >= 0 && i < count && tags[i] > 0 && Int(tags[i]) <= currencies.count }
    }

    /// The money column of field `name`, when the image has one.
    public func moneyColumn(_ name: String) -> MoneyColumn? { columns[name] }

    /// How a read gets the image's bytes: through the mapping, or, while the image is cold,
    /// copied out of the file with `pread`.
    ///
    /// Linux maps the 64 KB around a touched page of a cached file (more when the file's pages
    /// sit in larger folios), and reading one entity in place touches four places (its offset,
    /// its bytes, the string offsets and the text), a lookup two more (the Bloom filter and the
    /// index): a handful of lookups on a large pack would map megabytes. So the first
    /// `coldReads` reads of a mapped image copy what they need with `pread`, as sqlite3 reads
    /// its pages, and only a session that reads more (a scan, completion's sorted ids) reads
    /// through the mapping from then on.
    struct Access: @unchecked Sendable {
        /// The mapping's start (file offset 0).
        let start: UnsafeRawPointer
        /// The file, for cold reads; -1 when the image is held in memory (always read in place).
        let fd: Int32
        let cold: Bool

        /// The little-endian integer at `p` (0 when a cold read fails).
        @inline(__always)
        func load<T: FixedWidthInteger>(_ p: UnsafeRawPointer, as: T.Type) -> T {
            if cold {
                var v: T = 0
                guard Self.pread(fd, &v, MemoryLayout<T>.size, p - start) else { return 0 }
                return T(littleEndian: v)
            }
            return T(littleEndian: p.loadUnaligned(as: T.self))
        }

        @inline(__always)
        func u32(_ p: UnsafeRawPointer) -> UInt32 { load(p, as: UInt32.self) }

        @inline(__always)
        func u64(_ p: UnsafeRawPointer) -> UInt64 { load(p, as: UInt64.self) }

        /// `body` over the `n` bytes at `p`: in place, or a copy (empty when the read fails).
        @inline(__always)
        func bytes<T>(_ p: UnsafeRawPointer, _ n: Int, _ body: (UnsafeRawBufferPointer) -> T) -> T {
            guard cold, n > 0 else { return body(UnsafeRawBufferPointer(start: p, count: n)) }
            return withUnsafeTemporaryAllocation(byteCount: n, alignment: 8) { buffer in
                guard Self.pread(fd, buffer.baseAddress!, n, p - start) else { return body(UnsafeRawBufferPointer(start: nil, count: 0)) }
                return body(UnsafeRawBufferPointer(buffer))
            }
        }

        /// pread(2) of exactly `n` bytes at `offset`, retrying short reads and EINTR.
        static func pread(_ fd: Int32, _ into: UnsafeMutableRawPointer, _ n: Int, _ offset: Int) -> Bool {
            var done = 0
            while done < n {
                #if canImport(Glibc)
                let k = Glibc.pread(fd, into + done, n - done, off_t(offset + done))
                #else
                let k = Darwin.pread(fd, into + done, n - done, off_t(offset + done))
                #endif
                if k < 0 && errno == EINTR { continue }
                guard k > 0 else { return false }
                done += k
            }
            return true
        }
    }

    /// The string table, read in place (or, cold, with `pread`).
    struct Strings: @unchecked Sendable {
        let offsets: UnsafeRawPointer
        let bytes: UnsafeRawPointer
        let byteCount: Int
        let count: Int
        var access: Access

        @inline(__always)
        func range(_ n: Int) -> Range<Int>? {
            guard n >= 0, n < count else { return nil }
            let a: Int, b: Int
            if access.cold {
                let both = access.u64(offsets + 4 * n)
                (a, b) = (Int(both & 0xFFFF_FFFF), Int(both >> 32))
            } else {
                (a, b) = (Int(access.u32(offsets + 4 * n)), Int(access.u32(offsets + 4 * n + 4)))
            }
            guard a <= b, b <= byteCount else { return nil }
            return a..<b
        }

        @inline(__always)
        subscript(n: Int) -> String? {
            guard let r = range(n) else { return nil }
            return access.bytes(bytes + r.lowerBound, r.count) { String(decoding: $0, as: UTF8.self) }
        }

        /// Whether string `n` is `utf8`, byte for byte.
        @inline(__always)
        func equals(_ n: Int, _ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
            guard let r = range(n), r.count == utf8.count else { return false }
            if r.isEmpty { return true }
            return access.bytes(bytes + r.lowerBound, r.count) { $0.count == r.count && memcmp($0.baseAddress!, utf8.baseAddress!, r.count) == 0 }
        }
    }

    /// Reads left before the image reads through its mapping (see `Access`).
    public static let coldReads = 1_024
    private let reads = Atomic<Int>(0)
    private let fd: Int32

    /// How the next read gets its bytes: cold while fewer than `coldReads` reads were.
    private func access() -> Access {
        let start = base.baseAddress!
        guard fd >= 0, reads.load(ordering: .relaxed) < Self.coldReads else { return Access(start: start, fd: fd, cold: false) }
        let n = reads.add(1, ordering: .relaxed).newValue
        return Access(start: start, fd: fd, cold: n <= Self.coldReads)
    }

    /// Reads through the mapping from now on (a scan of every entity).
    private func warm() { reads.store(Self.coldReads, ordering: .relaxed) }

    /// The string table as `a` reads it.
    private func strings(_ a: Access) -> Strings {
        var s = strings
        s.access = a
        return s
    }

    // MARK: - Opening

    /// Maps the image at `path` (a regular file). Nil when it cannot be opened or is not an
    /// image of this form; `accept` sees the header first and may refuse it (a stale stamp).
    public static func open(_ path: String, accept: ([UInt8]) -> Bool = { _ in true }) -> PackImage? {
        #if canImport(Glibc)
        let fd = Glibc.open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        #else
        let fd = Darwin.open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        #endif
        guard fd >= 0 else { return nil }
        var st = stat()
        // The file stays open for the image's cold reads (see `Access`), and is closed with it.
        guard fstat(fd, &st) == 0, st.st_mode & S_IFMT == S_IFREG, st.st_size >= 16,
              let p = mmap(nil, Int(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0), p != MAP_FAILED
        else { close(fd); return nil }
        let image = PackImage(mapping: p, size: Int(st.st_size), fd: fd, accept: accept)
        if image == nil { munmap(p, Int(st.st_size)); close(fd) }
        return image
    }

    /// An image held in memory (what `encode` gave), for tests and tools.
    public static func load(_ bytes: [UInt8], accept: ([UInt8]) -> Bool = { _ in true }) -> PackImage? {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(bytes.count, 1), alignment: 8)
        bytes.withUnsafeBytes { buffer.copyMemory(from: $0) }
        let image = PackImage(owned: buffer, size: bytes.count, accept: accept)
        if image == nil { buffer.deallocate() }
        return image
    }

    private convenience init?(mapping: UnsafeMutableRawPointer, size: Int, fd: Int32, accept: ([UInt8]) -> Bool) {
        self.init(base: UnsafeRawBufferPointer(start: mapping, count: size), mapping: mapping, owned: nil, fd: fd, accept: accept)
    }

    private convenience init?(owned: UnsafeMutableRawBufferPointer, size: Int, accept: ([UInt8]) -> Bool) {
        self.init(base: UnsafeRawBufferPointer(start: owned.baseAddress, count: size), mapping: nil, owned: owned, fd: -1, accept: accept)
    }

    private init?(base: UnsafeRawBufferPointer, mapping: UnsafeMutableRawPointer?, owned: UnsafeMutableRawBufferPointer?, fd: Int32, accept: ([UInt8]) -> Bool) {
        func u32(_ at: Int) -> Int { Int(UInt32(littleEndian: base.loadUnaligned(fromByteOffset: at, as: UInt32.self))) }
        func u64(_ at: Int) -> Int? {
            let v = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: at, as: UInt64.self))
            return v <= UInt64(base.count) ? Int(v) : nil
        }
        guard base.count >= 16, Self.magic.indices.allSatisfy({ base[$0] == Self.magic[$0] }), u32(8) == Self.version else { return nil }
        let headerLength = u32(12)
        guard headerLength <= base.count - 16 else { return nil }
        let header = Array(base[16..<(16 + headerLength)])
        guard accept(header) else { return nil }
        let dir = Self.aligned(16 + headerLength)
        guard dir + 8 * Self.directoryWords <= base.count else { return nil }
        var words: [Int] = []
        for i in 0..<Self.directoryWords {
            guard let w = u64(dir + 8 * i) else { return nil }
            words.append(w)
        }
        // blob at, blob length, strings, offsets at, text at, text length, entities, offsets at,
        // bytes at, bytes length, slots at+count packed below, runs.
        let (blobAt, blobLength, stringCount, stringOffsetsAt, textAt, textLength) = (words[0], words[1], words[2], words[3], words[4], words[5])
        let (entityCount, entityOffsetsAt, bytesAt, bytesLength, slotCount, runCount) = (words[6], words[7], words[8], words[9], words[10], words[11])
        let (bloomCount, columnsAt, columnCount) = (words[12], words[13], words[14])
        let slotsAt = Self.aligned(bytesAt + bytesLength), runsAt = Self.aligned(slotsAt + 4 * slotCount)
        let bloomAt = Self.aligned(runsAt + 12 * runCount)
        func fits(_ at: Int, _ n: Int) -> Bool { at <= base.count && n <= base.count - at }
        let strings = Strings(offsets: base.baseAddress! + stringOffsetsAt, bytes: base.baseAddress! + textAt, byteCount: textLength, count: stringCount,
                              access: Access(start: base.baseAddress!, fd: fd, cold: false))
        guard fits(stringOffsetsAt, 4 * (stringCount + 1)), fits(textAt, textLength), entityCount < Int(UInt32.max) else { return nil }
        // The columns, each checked to lie inside the file.
        var columns: [String: MoneyColumn] = [:]
        var at = columnsAt
        for _ in 0..<min(columnCount, 256) {
            guard fits(at, 8) else { return nil }
            let currencyCount = u32(at + 4)
            guard currencyCount < 255, fits(at + 8, 4 * currencyCount), let name = strings[u32(at)] else { return nil }
            var currencies: [String] = []
            for k in 0..<currencyCount {
                guard let c = strings[u32(at + 8 + 4 * k)] else { return nil }
                currencies.append(c)
            }
            let amountsAt = Self.aligned(at + 8 + 4 * currencyCount), tagsAt = amountsAt + 8 * entityCount
            guard fits(amountsAt, 9 * entityCount) else { return nil }
            columns[name] = MoneyColumn(amounts: base.baseAddress! + amountsAt,
                                        tags: (base.baseAddress! + tagsAt).assumingMemoryBound(to: UInt8.self),
                                        currencies: currencies, count: entityCount, access: strings.access)
            at = Self.aligned(tagsAt + entityCount)
        }
        guard columns.count == columnCount else { return nil }
        guard fits(blobAt, blobLength), fits(stringOffsetsAt, 4 * (stringCount + 1)), fits(textAt, textLength),
              fits(entityOffsetsAt, 4 * entityCount), fits(bytesAt, bytesLength), entityCount < Int(UInt32.max),
              slotCount == 0 || slotCount & (slotCount - 1) == 0, slotCount >= entityCount,
              fits(slotsAt, 4 * slotCount), fits(runsAt, 12 * runCount),
              bloomCount > 0, bloomCount & (bloomCount - 1) == 0, fits(bloomAt, 8 * bloomCount),
              let blob = try? PackBinary.decode(UnsafeRawBufferPointer(rebasing: base[blobAt..<(blobAt + blobLength)])), blob.count == 1,
              let summaryBytes = try? PackBinary.header(UnsafeRawBufferPointer(rebasing: base[blobAt..<(blobAt + blobLength)])),
              let summary = try? JSONParser().parse(String(decoding: summaryBytes, as: UTF8.self))
        else { return nil }
        let start = base.baseAddress!
        self.base = base
        self.mapping = mapping
        self.owned = owned
        self.fd = fd
        self.header = header
        self.strings = strings
        self.columns = columns
        self.count = entityCount
        self.entityOffsets = start + entityOffsetsAt
        self.entityBytes = bytesAt
        self.entityBytesCount = bytesLength
        self.slots = start + slotsAt
        self.slotCount = slotCount
        self.runs = start + runsAt
        self.runCount = runCount
        self.bloom = start + bloomAt
        self.bloomBits = 64 * bloomCount
        self.commonPack = summary["pack"]?.stringValue
        self.textIsASCII = summary["ascii"]?.boolValue ?? false
        if let c = summary["checked"], let kinds = c["kinds"]?.objectValue, let external = c["external"]?.arrayValue {
            var k: [String: String] = [:]
            for m in kinds { k[m.key] = m.value.stringValue ?? "" }
            self.checked = Checked(kinds: k, external: external.compactMap(\.stringValue))
        } else {
            self.checked = nil
        }
        self.blob = blob[0]
    }

    /// The pack: its directory, manifest and problems, and its entities read in place.
    public var contents: PackContents {
        var c = blob
        c.image = self
        return c
    }

    /// The entities, read in place.
    public func entities() -> [Entity] { (0..<count).map { Entity(image: self, position: $0) } }

    deinit {
        if let mapping { munmap(mapping, base.count) }
        if fd >= 0 { close(fd) }
        owned?.deallocate()
    }

    static func aligned(_ n: Int) -> Int { (n + 7) & ~7 }

    // MARK: - Reading entities in place

    /// `body` with a reader at entity `i`'s bytes, its strings read as `a` reads (a cold
    /// reader reads a copy of the entity's bytes); nil when its offset lies outside them.
    private func withReader<T>(_ i: Int, _ a: Access, _ body: (inout PackBinary.Reader) -> T) -> T? {
        guard i >= 0, i < count else { return nil }
        let at = Int(a.u32(entityOffsets + 4 * i))
        guard at < entityBytesCount else { return nil }
        let region = base.baseAddress! + entityBytes
        guard a.cold else {
            var r = PackBinary.Reader(UnsafeRawBufferPointer(start: region, count: entityBytesCount))
            r.mapped = strings
            r.at = at
            return body(&r)
        }
        // The entity's bytes end where the next one's start (the last, at the end of them all).
        var end = i + 1 < count ? Int(a.u32(entityOffsets + 4 * (i + 1))) : entityBytesCount
        if end <= at || end > entityBytesCount { end = entityBytesCount }
        return a.bytes(region + at, end - at) { copy in
            var r = PackBinary.Reader(copy)
            r.mapped = strings(a)
            return body(&r)
        }
    }

    /// Entity `i`, decoded whole (an empty entity when its bytes are damaged).
    func data(_ i: Int) -> Entity.Data {
        if let e = withReader(i, access(), { try? $0.entity() }) ?? nil { return e.data }
        return Entity.Data(id: "", kind: "", name: "", aliases: [], fields: [], relations: [], sources: [], pack: commonPack ?? "", location: nil)
    }

    /// The parts of an entity, in the order `PackBinary` writes them.
    private enum Part: Int {
        case id, kind, name, aliases, sources, pack, location, fields, relations
    }

    /// Moves `r` from the start of an entity to `part`, the parts before it unread.
    private static func skip(to part: Part, _ r: inout PackBinary.Reader) throws(PackWire.DecodingError) {
        for p in 0..<part.rawValue {
            switch Part(rawValue: p)! {
            case .id, .kind, .name, .pack: try r.skipString()
            case .aliases, .sources: try r.skipStrings()
            case .location: if try r.flag() { try r.skipString(); _ = try r.varint(); _ = try r.varint() }
            case .fields:
                let n = try r.count()
                for _ in 0..<n { try r.skipString(); try skipClaims(&r) }
            case .relations: return
            }
        }
    }

    /// Moves `r` past a field's line and claims, unread.
    private static func skipClaims(_ r: inout PackBinary.Reader) throws(PackWire.DecodingError) {
        _ = try r.varint()
        let k = try r.count()
        for _ in 0..<k { try r.skipValue(depth: 0); try r.skipStrings(); try r.skipOptional() }
    }

    /// `body` read from `part` of entity `i` on; `empty` when its bytes are damaged.
    private func read<T>(_ i: Int, at part: Part, _ empty: T, _ body: (inout PackBinary.Reader) throws(PackWire.DecodingError) -> T) -> T {
        withReader(i, access()) { r in
            (try? { () throws(PackWire.DecodingError) -> T in
                try Self.skip(to: part, &r)
                return try body(&r)
            }()) ?? empty
        } ?? empty
    }

    func id(_ i: Int) -> String { read(i, at: .id, "") { (r: inout PackBinary.Reader) throws(PackWire.DecodingError) in try r.string() } }
    func kind(_ i: Int) -> String { read(i, at: .kind, "") { (r: inout PackBinary.Reader) throws(PackWire.DecodingError) in try r.string() } }
    func name(_ i: Int) -> String { read(i, at: .name, "") { (r: inout PackBinary.Reader) throws(PackWire.DecodingError) in try r.string() } }
    func aliases(_ i: Int) -> [String] { read(i, at: .aliases, []) { (r: inout PackBinary.Reader) throws(PackWire.DecodingError) in try r.strings() } }
    func sources(_ i: Int) -> [String] { read(i, at: .sources, []) { (r: inout PackBinary.Reader) throws(PackWire.DecodingError) in try r.strings() } }
    func fields(_ i: Int) -> [Field] { read(i, at: .fields, []) { (r: inout PackBinary.Reader) throws(PackWire.DecodingError) in try r.fields() } }
    func relations(_ i: Int) -> [Relation] { read(i, at: .relations, []) { (r: inout PackBinary.Reader) throws(PackWire.DecodingError) in try r.relations() } }

    func pack(_ i: Int) -> String {
        if let commonPack { return commonPack }
        return read(i, at: .pack, "") { (r: inout PackBinary.Reader) throws(PackWire.DecodingError) in try r.string() }
    }

    func location(_ i: Int) -> SourceLocation? {
        read(i, at: .location, nil) { (r: inout PackBinary.Reader) throws(PackWire.DecodingError) in
            guard try r.flag() else { return nil }
            return SourceLocation(file: try r.string(), line: try r.int(), column: try r.int())
        }
    }

    /// Whether string `key` of `r`'s table is `name`: ASCII byte for byte, other text as strings
    /// compare (canonical equivalence).
    private static func isString(_ key: Int, _ name: inout String, ascii: Bool, in r: PackBinary.Reader) -> Bool {
        guard let strings = r.mapped else { return false }
        return ascii ? name.withUTF8 { strings.equals(key, $0) } : strings[key] == name
    }

    /// Moves `r` from the field count to the claims of field `name`, and gives the field's
    /// number in the string table and its line; nil when there is no such field.
    private func seekField(_ name: String, _ r: inout PackBinary.Reader) throws(PackWire.DecodingError) -> (key: Int, line: Int)? {
        var name = name
        let ascii = ByteScan.isASCII(name)
        let n = try r.count()
        for _ in 0..<n {
            let key = Int(try r.varint())
            if Self.isString(key, &name, ascii: ascii, in: r) { return (key, try r.int()) }
            try Self.skipClaims(&r)
        }
        return nil
    }

    /// Field `name` of entity `i`, decoding that field alone.
    func field(_ name: String, of i: Int) -> Field? {
        read(i, at: .fields, nil) { (r: inout PackBinary.Reader) throws(PackWire.DecodingError) -> Field? in
            guard let (key, line) = try seekField(name, &r) else { return nil }
            return Field(r.mapped?[key] ?? "", try r.claims(), line: line)
        }
    }

    /// The first claim's value of field `name` of entity `i` (`.null` when it has none),
    /// decoding that value alone.
    func value(_ name: String, of i: Int) -> Value {
        read(i, at: .fields, .null) { (r: inout PackBinary.Reader) throws(PackWire.DecodingError) -> Value in
            guard try seekField(name, &r) != nil, try r.count() > 0 else { return .null }
            return try r.value(depth: 0)
        }
    }

    /// The targets of the first relation `name` of entity `i`, reading that relation alone.
    func related(_ name: String, of i: Int) -> [String] {
        var name = name
        let ascii = ByteScan.isASCII(name)
        return read(i, at: .relations, []) { (r: inout PackBinary.Reader) throws(PackWire.DecodingError) in
            let m = try r.count()
            for _ in 0..<m {
                let key = Int(try r.varint())
                _ = try r.int(); _ = try r.int()
                if Self.isString(key, &name, ascii: ascii, in: r) { return try r.strings() }
                try r.skipStrings()
            }
            return []
        }
    }

    /// The entities whose relations name `id`, with the relation's name: in entity order, then
    /// relation order, once per target naming it, each target's bytes compared in place. Nil when
    /// bytes would not compare as strings do (`id` or some text of the image is not ASCII): the
    /// caller then reads the relations whole.
    func referrers(of id: String) -> [(Int, String)]? {
        var id = id
        guard textIsASCII, ByteScan.isASCII(id) else { return nil }
        warm()
        return id.withUTF8 { wanted in
            var out: [(Int, String)] = []
            for i in 0..<count {
                read(i, at: .relations, ()) { (r: inout PackBinary.Reader) throws(PackWire.DecodingError) in
                    let m = try r.count()
                    for _ in 0..<m {
                        let key = Int(try r.varint())
                        _ = try r.int(); _ = try r.int()
                        let n = try r.count()
                        for _ in 0..<n where strings.equals(Int(try r.varint()), wanted) { out.append((i, strings[key] ?? "")) }
                    }
                }
            }
            return out
        }
    }

    /// Every entity, decoded into values of their own (on every core).
    /// The string table is decoded first, so that each string is made once and shared.
    public func decodedEntities() -> [Entity] {
        warm()
        let per = PackBinary.entitiesPerChunk
        let table = Parallel.concatenated(strings.count, minimum: 100_000) { range in range.map { strings[$0] ?? "" } }
        let chunks = Parallel.map((count + per - 1) / per) { c -> [Entity] in
            (c * per..<min(count, (c + 1) * per)).map { i in
                let decoded = withReader(i, access()) { r -> Entity? in
                    r.mapped = nil
                    r.table = table
                    return try? r.entity()
                } ?? nil
                return decoded ?? Entity(data: data(i))
            }
        }
        return chunks.flatMap { $0 }
    }

    // MARK: - Indexes

    /// The position of the entity with id `id`, through the image's own index.
    ///
    /// Ids compare as Swift compares strings (canonical equivalence), while the index holds
    /// bytes: an image whose ids are not all ASCII is never linked through its index (`encode`
    /// leaves it unchecked), and a text that is not ASCII can equal an ASCII id only through the
    /// three characters whose canonical form is ASCII (the Kelvin sign is K, the Greek question
    /// mark a semicolon, the Greek varia a grave accent), which are read as that form.
    public func position(of id: String) -> Int? {
        guard slotCount > 0 else { return nil }
        var id = id
        if !ByteScan.isASCII(id) {
            var ascii = String.UnicodeScalarView()
            for u in id.unicodeScalars {
                switch u.value {
                case 0..<0x80: ascii.append(u)
                case 0x212A: ascii.append("K")
                case 0x037E: ascii.append(";")
                case 0x1FEF: ascii.append("`")
                default: return nil
                }
            }
            id = String(ascii)
        }
        let a = access()
        return id.withUTF8 { wanted -> Int? in
            let h = Self.hash(wanted)
            for k in 0..<Self.bloomProbes {
                let bit = Self.bloomBit(k, h, of: bloomBits)
                let word = a.u64(bloom + 8 * (bit >> 6))
                if word & (1 << UInt64(bit & 63)) == 0 { return nil }
            }
            let mask = slotCount - 1
            var slot = Int(truncatingIfNeeded: h) & mask
            for _ in 0..<slotCount {
                let v = Int(a.u32(slots + 4 * slot))
                if v == 0 { return nil }
                if v <= count, idEquals(v - 1, wanted, a) { return v - 1 }
                slot = (slot + 1) & mask
            }
            return nil
        }
    }

    private func idEquals(_ i: Int, _ wanted: UnsafeBufferPointer<UInt8>, _ a: Access) -> Bool {
        withReader(i, a) { r in
            guard let n = try? r.varint(), let strings = r.mapped else { return false }
            return strings.equals(Int(n), wanted)
        } ?? false
    }

    /// Runs of entities of one kind, in entity order.
    func kindRuns() -> [(kind: String, range: Range<Int>)] {
        var out: [(String, Range<Int>)] = []
        let a = access(), strings = strings(a)
        for j in 0..<runCount {
            func word(_ k: Int) -> Int { Int(a.u32(runs + 12 * j + 4 * k)) }
            let start = word(1), n = word(2)
            guard start <= count, n <= count - start, let kind = strings[word(0)] else { continue }
            out.append((kind, start..<(start + n)))
        }
        return out
    }

    static let bloomProbes = 4

    /// The filter's `k`th bit for an id's hash (double hashing), in a filter of `bits` bits (a power of two).
    @inline(__always)
    static func bloomBit(_ k: Int, _ h: UInt64, of bits: Int) -> Int {
        Int(truncatingIfNeeded: h &+ UInt64(k) &* ((h >> 32) | 1)) & (bits - 1)
    }

    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in bytes {
            h ^= UInt64(b)
            h = h &* 0x0100_0000_01B3
        }
        return h ^ (h >> 29)
    }

    // MARK: - Writing

    /// The image of `contents`, after `header`, with its summary checked against `kinds` (the
    /// kinds the pack is loaded with: the built-in ones and its own). Nil when it would not fit
    /// the form's 32-bit offsets (4 GB of text or of entities).
    public static func encode(_ contents: PackContents, header: [UInt8] = [], kinds: [KindSchema], columnMinimum: Int = columnMinimum) -> [UInt8]? {
        let entities = contents.entities
        var w = PackBinary.Writer()
        var offsets: [UInt32] = []
        offsets.reserveCapacity(entities.count)
        var runs: [(kind: Int, start: Int, count: Int)] = []
        // Fields whose first value was money in every entity having them, with how many have
        // them; `nil` once some entity has another value there.
        var moneyFields: [String: Int?] = [:]
        for (i, e) in entities.enumerated() {
            guard w.body.count < Int(UInt32.max) else { return nil }
            offsets.append(UInt32(w.body.count))
            w.entity(e)
            let kind = w.numbers[e.kind]!
            if let last = runs.last, last.kind == kind { runs[runs.count - 1].count += 1 } else { runs.append((kind, i, 1)) }
            for f in e.fields {
                switch (f.claims.first?.value, moneyFields[f.name]) {
                case (.money?, nil): moneyFields[f.name] = .some(1)
                case (.money?, let n??): moneyFields[f.name] = .some(n + 1)
                case (.money?, .some(nil)): break
                default: moneyFields[f.name] = .some(nil)
                }
            }
        }
        // The columns: amounts and currency tags, every entity's, for the fields many have.
        var columns: [(name: Int, currencies: [Int], amounts: [Double], tags: [UInt8])] = []
        for name in moneyFields.keys.sorted() {
            guard let n = moneyFields[name]!, n >= columnMinimum else { continue }
            var codes: [String: UInt8] = [:], currencies: [Int] = []
            var amounts = [Double](repeating: 0, count: entities.count), tags = [UInt8](repeating: 0, count: entities.count)
            var fits = true
            for (i, e) in entities.enumerated() {
                guard case .money(let m)? = e.field(name)?.claims.first?.value else { continue }
                if codes[m.currency] == nil {
                    guard codes.count < 254 else { fits = false; break }
                    codes[m.currency] = UInt8(codes.count + 1)
                    currencies.append(w.number(m.currency))
                }
                amounts[i] = m.amount
                tags[i] = codes[m.currency]!
            }
            if fits { columns.append((w.number(name), currencies, amounts, tags)) }
        }
        guard w.body.count < Int(UInt32.max), entities.count < Int(UInt32.max) else { return nil }

        // The id index; a repeated id leaves the pack unchecked (it loads decoded, and fails).
        var slotCount = 8
        while slotCount < 2 * entities.count { slotCount <<= 1 }
        var slots = [UInt32](repeating: 0, count: slotCount)
        // Ids that are not all ASCII would compare as bytes in the index (see `position(of:)`):
        // such a pack is left unchecked, like one with a repeated id.
        var indexable = entities.allSatisfy { ByteScan.isASCII($0.id) }
        var bloomWords = 1
        while 64 * bloomWords < 16 * entities.count { bloomWords <<= 1 }
        var bloom = [UInt64](repeating: 0, count: bloomWords)
        for (i, e) in entities.enumerated() {
            var id = e.id
            let h = id.withUTF8 { hash($0) }
            for k in 0..<bloomProbes {
                let bit = bloomBit(k, h, of: 64 * bloomWords)
                bloom[bit >> 6] |= 1 << UInt64(bit & 63)
            }
            var slot = Int(truncatingIfNeeded: h) & (slotCount - 1)
            while slots[slot] != 0 {
                if entities[Int(slots[slot]) - 1].id == e.id { indexable = false; break }
                slot = (slot + 1) & (slotCount - 1)
            }
            if slots[slot] == 0 { slots[slot] = UInt32(i + 1) }
        }

        var summary: [JSONMember] = []
        if let first = entities.first?.pack, entities.allSatisfy({ $0.pack == first }) { summary.append(JSONMember("pack", .string(first))) }
        summary.append(JSONMember("ascii", .bool(w.table.allSatisfy { ByteScan.isASCII($0) })))
        var known: [String: KindSchema] = [:]
        for k in kinds { known[k.name] = k }
        if indexable, Registry.shapesHold(entities, kinds: known) {
            // Outside ids: those the id index just built does not hold.
            func inPack(_ id: String) -> Bool {
                var id = id
                var slot = id.withUTF8 { Int(truncatingIfNeeded: hash($0)) } & (slotCount - 1)
                while slots[slot] != 0 {
                    if entities[Int(slots[slot]) - 1].id == id { return true }
                    slot = (slot + 1) & (slotCount - 1)
                }
                return false
            }
            var referred = Set<String>()
            for e in entities { Registry.references(of: e, into: &referred) }
            let present = Set(runs.map { w.table[$0.kind] }).sorted()
            summary.append(JSONMember("checked", .object([
                JSONMember("kinds", .object(present.map { JSONMember($0, .string(Registry.shapeKey(known[$0]!))) })),
                JSONMember("external", .array(referred.filter { !inPack($0) }.sorted().map { .string($0) })),
            ])))
        }
        let blob = PackBinary.encode([PackContents(directory: contents.directory, manifest: contents.manifest, problems: contents.problems)],
                                     header: Array(JSONValue.object(summary).serialized.utf8))

        var out = magic
        func u32(_ n: Int) { withUnsafeBytes(of: UInt32(truncatingIfNeeded: n).littleEndian) { out.append(contentsOf: $0) } }
        func pad() { while out.count % 8 != 0 { out.append(0) } }
        u32(Int(version)); u32(header.count)
        out += header
        pad()
        let dir = out.count
        out += [UInt8](repeating: 0, count: 8 * directoryWords)
        var words: [Int] = []
        words.append(out.count); words.append(blob.count)
        out += blob
        pad()
        var textLength = 0
        for t in w.table { textLength += t.utf8.count }
        guard textLength < Int(UInt32.max) else { return nil }
        words.append(w.table.count); words.append(out.count)
        var at = 0
        u32(0)
        for t in w.table { at += t.utf8.count; u32(at) }
        pad()
        words.append(out.count); words.append(textLength)
        for t in w.table { out += t.utf8 }
        pad()
        words.append(entities.count); words.append(out.count)
        for o in offsets { u32(Int(o)) }
        pad()
        words.append(out.count); words.append(w.body.count)
        out += w.body
        pad()
        for v in slots { u32(Int(v)) }
        pad()
        for r in runs { u32(r.kind); u32(r.start); u32(r.count) }
        pad()
        for b in bloom { withUnsafeBytes(of: b.littleEndian) { out.append(contentsOf: $0) } }
        pad()
        let columnsAt = out.count
        for c in columns {
            u32(c.name); u32(c.currencies.count)
            for k in c.currencies { u32(k) }
            pad()
            for a in c.amounts { withUnsafeBytes(of: a.bitPattern.littleEndian) { out.append(contentsOf: $0) } }
            out += c.tags
            pad()
        }
        words.append(slotCount); words.append(runs.count); words.append(bloomWords)
        words.append(columnsAt); words.append(columns.count)
        for (k, v) in words.enumerated() {
            withUnsafeBytes(of: UInt64(v).littleEndian) { out.replaceSubrange((dir + 8 * k)..<(dir + 8 * k + 8), with: $0) }
        }
        return out
    }
}
