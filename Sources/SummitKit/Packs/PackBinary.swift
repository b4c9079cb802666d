/// The compiled form of read packs: what `summit-pack compile` hands to `summit` and what the
/// pack cache keeps. It holds exactly what the JSON form (`PackWire`) holds, but is read without
/// building a tree: every distinct string is written once, in a table at the start, and the
/// entities refer to it by number, so reading is one pass over the bytes and equal strings
/// (kinds, field names, file paths, the ids that relations point at) share one copy in memory.
///
///     "SUMMITPK"  u32 version (little-endian)  varint header length, header bytes
///     varint string count, then each string: varint byte length, UTF-8 bytes
///     varint pack count, then each pack (directory, manifest, entities, problems)
///
/// A pack's entities come in chunks of `entitiesPerChunk`, after their count, the number of
/// chunks and each chunk's byte length, so that the chunks are decoded at once on every core.
///
/// Numbers are unsigned LEB128 varints (signed ones zigzagged first) and doubles their eight
/// IEEE bytes, little-endian. The header is the caller's (the cache keeps its stamp there).
/// Damaged or foreign bytes are an error, never a crash.
public enum PackBinary {
    public static let magic: [UInt8] = Array("SUMMITPK".utf8)
    /// Bumped whenever the form changes: an older file is then refused (and read afresh).
    public static let version: UInt32 = 2
    /// Entities per chunk (see above).
    static let entitiesPerChunk = 8192

    // MARK: - Encoding

    public static func encode(_ packs: [PackContents], header: [UInt8] = []) -> [UInt8] {
        var w = Writer()
        w.varint(packs.count)
        for p in packs { w.pack(p) }
        var out = magic
        out.reserveCapacity(w.tableBytes + w.body.count + header.count + 32)
        withUnsafeBytes(of: version.littleEndian) { out.append(contentsOf: $0) }
        Writer.varint(header.count, into: &out)
        out.append(contentsOf: header)
        Writer.varint(w.table.count, into: &out)
        for s in w.table {
            Writer.varint(s.utf8.count, into: &out)
            out.append(contentsOf: s.utf8)
        }
        out.append(contentsOf: w.body)
        return out
    }

    struct Writer {
        var body: [UInt8] = []
        var table: [String] = []
        var tableBytes = 0
        var numbers: [String: Int] = [:]

        static func varint(_ n: Int, into out: inout [UInt8]) {
            var v = UInt64(n)
            while v >= 0x80 {
                out.append(UInt8(truncatingIfNeeded: v) | 0x80)
                v >>= 7
            }
            out.append(UInt8(v))
        }

        mutating func varint(_ n: Int) { Self.varint(n, into: &body) }
        mutating func signed(_ n: Int) { varint(Int(bitPattern: UInt((n << 1) ^ (n >> 63)))) }
        mutating func byte(_ b: UInt8) { body.append(b) }
        mutating func double(_ x: Double) { withUnsafeBytes(of: x.bitPattern.littleEndian) { body.append(contentsOf: $0) } }

        mutating func string(_ s: String) { varint(number(s)) }

        /// The number of `s` in the string table, added when new (nothing is written).
        mutating func number(_ s: String) -> Int {
            if let n = numbers[s] { return n }
            let n = table.count
            numbers[s] = n
            table.append(s)
            tableBytes += s.utf8.count + 5
            return n
        }

        mutating func strings(_ list: [String]) {
            varint(list.count)
            for s in list { string(s) }
        }

        mutating func optional(_ s: String?) {
            if let s { byte(1); string(s) } else { byte(0) }
        }

        mutating func pack(_ p: PackContents) {
            string(p.directory)
            if let m = p.manifest { byte(1); manifest(m) } else { byte(0) }
            // The entities go to a buffer of their own, chunk by chunk, to learn each chunk's length.
            var outer: [UInt8] = []
            swap(&body, &outer)
            var lengths: [Int] = []
            for start in stride(from: 0, to: p.entities.count, by: PackBinary.entitiesPerChunk) {
                let before = body.count
                for e in p.entities[start..<min(start + PackBinary.entitiesPerChunk, p.entities.count)] { entity(e) }
                lengths.append(body.count - before)
            }
            swap(&body, &outer)
            varint(p.entities.count)
            varint(lengths.count)
            for n in lengths { varint(n) }
            body.append(contentsOf: outer)
            varint(p.problems.count)
            for e in p.problems {
                optional(e.location?.file)
                varint(e.location?.line ?? 0)
                varint(e.location?.column ?? 0)
                string(e.message)
            }
        }

        mutating func manifest(_ m: PackManifest) {
            string(m.name); string(m.version); string(m.description); string(m.file)
            strings(m.summits); strings(m.commandFiles); strings(m.dataFiles); strings(m.provides)
            optional(m.executable)
            if let t = m.timeout { byte(1); double(t) } else { byte(0) }
            varint(m.kinds.count)
            for k in m.kinds {
                string(k.name); string(k.summary)
                let keys = k.required.keys.sorted()
                varint(keys.count)
                for key in keys { string(key); strings(k.required[key]!) }
            }
        }

        mutating func entity(_ e: Entity) {
            string(e.id); string(e.kind); string(e.name)
            strings(e.aliases); strings(e.sources)
            string(e.pack)
            if let l = e.location { byte(1); string(l.file); varint(l.line); varint(l.column) } else { byte(0) }
            varint(e.fields.count)
            for f in e.fields {
                string(f.name)
                varint(f.line)
                varint(f.claims.count)
                for c in f.claims {
                    value(c.value)
                    strings(c.sources)
                    optional(c.note)
                }
            }
            varint(e.relations.count)
            for r in e.relations {
                string(r.name); varint(r.line); varint(r.column); strings(r.targets)
            }
        }

        mutating func date(_ d: ISODate) {
            signed(d.year); varint(d.month ?? 0); varint(d.day ?? 0)
        }

        mutating func value(_ v: Value) {
            switch v {
            case .null: byte(0)
            case .bool(let b): byte(b ? 2 : 1)
            case .number(let x): byte(3); double(x)
            case .text(let s): byte(4); string(s)
            case .list(let items):
                byte(5); varint(items.count)
                for i in items { value(i) }
            case .quantity(let q):
                byte(6); double(q.number); string(q.qualifier.rawValue)
                if let u = q.upper { byte(1); double(u) } else { byte(0) }
            case .money(let m):
                byte(7); double(m.amount); string(m.currency); string(m.qualifier.rawValue)
                if let u = m.upperAmount { byte(1); double(u) } else { byte(0) }
            case .date(let d): byte(8); date(d)
            case .dateRange(let r): byte(9); date(r.start); date(r.end)
            case .ref(let id): byte(10); string(id)
            case .record(let r):
                byte(11); varint(r.fields.count)
                for f in r.fields { string(f.key); value(f.value) }
            }
        }
    }

    // MARK: - Decoding

    /// Reads the header only: the caller can check it (a cache stamp) before the rest is read.
    public static func header(_ bytes: UnsafeRawBufferPointer) throws(PackWire.DecodingError) -> [UInt8] {
        var r = Reader(bytes)
        return try r.header()
    }

    public static func decode(_ bytes: [UInt8]) throws(PackWire.DecodingError) -> [PackContents] {
        try bytes.withUnsafeBytes { raw in Result { () throws(PackWire.DecodingError) in try decode(raw) } }.get()
    }

    public static func decode(_ bytes: UnsafeRawBufferPointer) throws(PackWire.DecodingError) -> [PackContents] {
        var r = Reader(bytes)
        _ = try r.header()
        try r.readTable()
        let n = try r.count()
        var packs: [PackContents] = []
        for _ in 0..<n { packs.append(try r.pack()) }
        guard r.at == bytes.count else { throw PackWire.DecodingError(message: "compiled pack: bytes left over after the last pack") }
        return packs
    }

    /// The bytes being read, for the workers that decode chunks of them at once (they only
    /// read, while the caller's buffer is held).
    struct Bytes: @unchecked Sendable {
        let base: UnsafeRawBufferPointer
    }

    struct Reader {
        let base: UnsafeRawBufferPointer
        var at = 0
        var table: [String] = []
        /// The string table of a mapped image, read in place (instead of `table`).
        var mapped: PackImage.Strings?

        init(_ base: UnsafeRawBufferPointer) { self.base = base }

        func damaged(_ what: String) -> PackWire.DecodingError {
            PackWire.DecodingError(message: "compiled pack: \(what) at byte \(at); it is damaged or from another summit")
        }

        mutating func header() throws(PackWire.DecodingError) -> [UInt8] {
            guard base.count >= 12, magic.indices.allSatisfy({ base[$0] == magic[$0] }) else {
                throw PackWire.DecodingError(message: "not a compiled pack (no SUMMITPK mark)")
            }
            var v: UInt32 = 0
            for i in 0..<4 { v |= UInt32(base[8 + i]) << (8 * UInt32(i)) }
            guard v == version else {
                throw PackWire.DecodingError(message: "it is compiled pack form \(v), this summit reads \(version); compile it again")
            }
            at = 12
            let n = try count()
            let h = Array(base[at..<(at + n)])
            at += n
            return h
        }

        mutating func readTable() throws(PackWire.DecodingError) {
            let n = try count()
            table.reserveCapacity(n)
            for _ in 0..<n {
                let len = try count()
                let slice = UnsafeRawBufferPointer(rebasing: base[at..<(at + len)])
                let bytes = slice.bindMemory(to: UInt8.self)
                // ASCII (most strings) is valid UTF-8 as it is; `String(validating:)` is kept
                // for the rest, as it costs a generic lookup per call.
                if ByteScan.isASCII(slice) {
                    table.append(String(decoding: bytes, as: UTF8.self))
                } else {
                    guard let s = String(validating: bytes, as: UTF8.self) else { throw damaged("text that is not UTF-8") }
                    table.append(s)
                }
                at += len
            }
        }

        mutating func byte() throws(PackWire.DecodingError) -> UInt8 {
            guard at < base.count else { throw damaged("an early end") }
            defer { at += 1 }
            return base[at]
        }

        mutating func varint() throws(PackWire.DecodingError) -> UInt64 {
            var v: UInt64 = 0
            var shift: UInt64 = 0
            while true {
                let b = try byte()
                guard shift < 64 else { throw damaged("a number too long") }
                v |= UInt64(b & 0x7F) << shift
                if b < 0x80 { return v }
                shift += 7
            }
        }

        /// A non-negative number that must also fit in what is left (a length or a count).
        mutating func count() throws(PackWire.DecodingError) -> Int {
            let v = try varint()
            guard v <= UInt64(base.count - at) else { throw damaged("a count larger than the file") }
            return Int(v)
        }

        /// A line or column number.
        mutating func int() throws(PackWire.DecodingError) -> Int {
            let v = try varint()
            guard v <= UInt64(Int32.max) else { throw damaged("a line number out of range") }
            return Int(v)
        }

        mutating func signed() throws(PackWire.DecodingError) -> Int {
            let v = try varint()
            return Int(bitPattern: UInt(v >> 1)) ^ -Int(v & 1)
        }

        mutating func double() throws(PackWire.DecodingError) -> Double {
            guard base.count - at >= 8 else { throw damaged("an early end") }
            var bits: UInt64 = 0
            for i in 0..<8 { bits |= UInt64(base[at + i]) << (8 * UInt64(i)) }
            at += 8
            return Double(bitPattern: bits)
        }

        mutating func string() throws(PackWire.DecodingError) -> String {
            let n = try varint()
            if let mapped {
                guard n < UInt64(mapped.count), let s = mapped[Int(n)] else { throw damaged("a reference to text that is not there") }
                return s
            }
            guard n < UInt64(table.count) else { throw damaged("a reference to text that is not there") }
            return table[Int(n)]
        }

        mutating func skipString() throws(PackWire.DecodingError) { _ = try varint() }

        mutating func skipStrings() throws(PackWire.DecodingError) {
            let n = try count()
            for _ in 0..<n { _ = try varint() }
        }

        mutating func skipOptional() throws(PackWire.DecodingError) {
            if try flag() { _ = try varint() }
        }

        mutating func skip(_ n: Int) throws(PackWire.DecodingError) {
            guard base.count - at >= n else { throw damaged("an early end") }
            at += n
        }

        /// Moves past a value (as `value(depth:)` reads it) without building it.
        mutating func skipValue(depth: Int) throws(PackWire.DecodingError) {
            guard depth < 128 else { throw damaged("values nested too deep") }
            switch try byte() {
            case 0, 1, 2: return
            case 3: try skip(8)
            case 4, 10: _ = try varint()
            case 5:
                let n = try count()
                for _ in 0..<n { try skipValue(depth: depth + 1) }
            case 6:
                try skip(8); _ = try varint()
                if try flag() { try skip(8) }
            case 7:
                try skip(8); _ = try varint(); _ = try varint()
                if try flag() { try skip(8) }
            case 8: for _ in 0..<3 { _ = try varint() }
            case 9: for _ in 0..<6 { _ = try varint() }
            case 11:
                let n = try count()
                for _ in 0..<n { _ = try varint(); try skipValue(depth: depth + 1) }
            default: throw damaged("an unknown kind of value")
            }
        }

        mutating func strings() throws(PackWire.DecodingError) -> [String] {
            let n = try count()
            if n == 0 { return [] }
            var out: [String] = []
            out.reserveCapacity(n)
            for _ in 0..<n { out.append(try string()) }
            return out
        }

        mutating func optional() throws(PackWire.DecodingError) -> String? {
            switch try byte() {
            case 0: return nil
            case 1: return try string()
            default: throw damaged("a bad marker")
            }
        }

        mutating func flag() throws(PackWire.DecodingError) -> Bool {
            switch try byte() {
            case 0: return false
            case 1: return true
            default: throw damaged("a bad marker")
            }
        }

        mutating func pack() throws(PackWire.DecodingError) -> PackContents {
            var p = PackContents(directory: try string(), manifest: nil)
            if try flag() { p.manifest = try manifest() }
            p.entities = try entityChunks()
            let problems = try count()
            for _ in 0..<problems {
                let file = try optional()
                let line = try int(), column = try int()
                let message = try string()
                p.problems.append(RegistryError(.other(message), at: file.map { SourceLocation(file: $0, line: line, column: column) }))
            }
            return p
        }

        /// A pack's entities: their count, the chunks' lengths, then the chunks, decoded at once.
        mutating func entityChunks() throws(PackWire.DecodingError) -> [Entity] {
            let n = try count()
            let per = PackBinary.entitiesPerChunk
            let k = try count()
            guard k == (n + per - 1) / per else { throw damaged("a wrong number of entity chunks") }
            var ranges: [Range<Int>] = []
            ranges.reserveCapacity(k)
            var lengths: [Int] = []
            for _ in 0..<k { lengths.append(try count()) }
            var end = at
            for length in lengths {
                guard length <= base.count - end else { throw damaged("an entity chunk longer than the file") }
                ranges.append(end..<(end + length))
                end += length
            }
            let bytes = Bytes(base: base), table = self.table, spans = ranges
            let chunks = Parallel.map(k) { i -> Result<[Entity], PackWire.DecodingError> in
                var r = Reader(bytes.base)
                r.table = table
                r.at = spans[i].lowerBound
                let m = Swift.min(per, n - i * per)
                var out: [Entity] = []
                out.reserveCapacity(m)
                return Result { () throws(PackWire.DecodingError) in
                    for _ in 0..<m { out.append(try r.entity()) }
                    guard r.at == spans[i].upperBound else { throw r.damaged("an entity chunk of the wrong length") }
                    return out
                }
            }
            var entities: [Entity] = []
            entities.reserveCapacity(n)
            for c in chunks { entities.append(contentsOf: try c.get()) }
            at = end
            return entities
        }

        mutating func manifest() throws(PackWire.DecodingError) -> PackManifest {
            var m = PackManifest(name: try string(), version: try string(), description: try string(), file: try string())
            m.summits = try strings()
            m.commandFiles = try strings()
            m.dataFiles = try strings()
            m.provides = try strings()
            m.executable = try optional()
            if try flag() { m.timeout = try double() }
            let kinds = try count()
            for _ in 0..<kinds {
                let name = try string(), summary = try string()
                var required: [String: [String]] = [:]
                let n = try count()
                for _ in 0..<n {
                    let key = try string()
                    required[key] = try strings()
                }
                m.kinds.append(KindSchema(name: name, required: required, summary: summary))
            }
            return m
        }

        mutating func entity() throws(PackWire.DecodingError) -> Entity {
            var e = Entity(id: try string(), kind: try string(), name: try string())
            e.aliases = try strings()
            e.sources = try strings()
            e.pack = try string()
            if try flag() { e.location = SourceLocation(file: try string(), line: try int(), column: try int()) }
            e.fields = try fields()
            e.relations = try relations()
            return e
        }

        /// An entity's relations: their count, then each relation.
        mutating func relations() throws(PackWire.DecodingError) -> [Relation] {
            let n = try count()
            var out: [Relation] = []
            out.reserveCapacity(n)
            for _ in 0..<n {
                let name = try string()
                let line = try int(), column = try int()
                out.append(Relation(name, try strings(), line: line, column: column))
            }
            return out
        }

        /// An entity's fields: their count, then each field.
        mutating func fields() throws(PackWire.DecodingError) -> [Field] {
            let n = try count()
            var fields: [Field] = []
            fields.reserveCapacity(n)
            for _ in 0..<n {
                let name = try string()
                let line = try int()
                fields.append(Field(name, try claims(), line: line))
            }
            return fields
        }

        /// A field's claims: their count, then each value with its sources and note.
        mutating func claims() throws(PackWire.DecodingError) -> [Claim] {
            let k = try count()
            var claims: [Claim] = []
            claims.reserveCapacity(k)
            for _ in 0..<k {
                let v = try value(depth: 0)
                claims.append(Claim(v, sources: try strings(), note: try optional()))
            }
            return claims
        }

        mutating func qualifier() throws(PackWire.DecodingError) -> Qualifier {
            guard let q = Qualifier(rawValue: try string()) else { throw damaged("an unknown qualifier") }
            return q
        }

        mutating func date() throws(PackWire.DecodingError) -> ISODate {
            let year = try signed()
            let month = try varint(), day = try varint()
            guard year > 0, year < 100_000, month <= 12, day <= 31, month > 0 || day == 0 else { throw damaged("an impossible date") }
            let d = ISODate(year: year, month: month == 0 ? nil : Int(month), day: day == 0 ? nil : Int(day))
            if let m = d.month, let dd = d.day, dd > ISODate.daysIn(year: year, month: m) { throw damaged("an impossible date") }
            return d
        }

        mutating func value(depth: Int) throws(PackWire.DecodingError) -> Value {
            guard depth < 128 else { throw damaged("values nested too deep") }
            switch try byte() {
            case 0: return .null
            case 1: return .bool(false)
            case 2: return .bool(true)
            case 3: return .number(try double())
            case 4: return .text(try string())
            case 5:
                let n = try count()
                var items: [Value] = []
                items.reserveCapacity(n)
                for _ in 0..<n { items.append(try value(depth: depth + 1)) }
                return .list(items)
            case 6:
                let n = try double()
                let q = try qualifier()
                return .quantity(Quantity(number: n, qualifier: q, upper: try flag() ? try double() : nil))
            case 7:
                let a = try double()
                let c = try string()
                let q = try qualifier()
                return .money(Money(amount: a, currency: c, qualifier: q, upperAmount: try flag() ? try double() : nil))
            case 8: return .date(try date())
            case 9:
                let start = try date(), end = try date()
                guard !(end.end < start.start) else { throw damaged("a date range that ends before it starts") }
                return .dateRange(DateRange(start: start, end: end))
            case 10: return .ref(try string())
            case 11:
                let n = try count()
                var r = Record()
                for _ in 0..<n {
                    let k = try string()
                    r.append(k, try value(depth: depth + 1))
                }
                return .record(r)
            default: throw damaged("an unknown kind of value")
            }
        }
    }
}
