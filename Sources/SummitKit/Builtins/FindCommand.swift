/// `find TEXT`: searches every entity's id, name, aliases and field values.
public struct FindCommand: Command {
    public init() {}
    public let name = "find"
    public let summary = "Search every entity by id, name and field text"
    public var help: String {
        """
        Case- and accent-insensitive search (`universite` finds Université Paris-Saclay). Several
        words must all match. Results are ranked: id and name matches first.

        Examples:
          find grand palais
          find bengio
          find investai --kind funding
        """
    }
    public var arguments: [ArgumentSpec] { [ArgumentSpec("text", help: "words to look for", variadic: true)] }
    public var options: [OptionSpec] {
        [OptionSpec("kind", value: "KIND", help: "only entities of this kind", completion: .values(KindSchema.builtIn.map(\.name))),
         OptionSpec("limit", value: "N", help: "at most N results")]
    }

    public func complete(_ request: CompletionRequest, in context: CommandContext) -> [String] {
        if request.previous.last == "--kind" { return context.registry.presentKinds.filter { $0.hasPrefix(request.prefix) } }
        return context.defaultCompletions(for: self, request)
    }

    public func run(_ args: Arguments, in context: CommandContext) throws(CommandError) -> CommandResult {
        let terms = args.positional.flatMap { $0.split(separator: " ") }.map { TextFold.fold(String($0)) }.filter { !$0.isEmpty }
        guard !terms.isEmpty else { throw .usage("find needs some text to look for; example: find grand palais") }
        let kind = args.option("kind")
        if let kind, context.registry.kinds[kind] == nil {
            var msg = "unknown kind '\(kind)'"
            if let s = Suggest.closest(to: kind, in: context.registry.kinds.keys) { msg += "; did you mean '\(s)'?" }
            throw .invalid(msg, argument: args.tokenIndex(ofOption: "kind"))
        }
        var limit = Int.max
        if let l = args.option("limit") {
            guard let n = Int(l), n > 0 else { throw .invalid("--limit needs a positive whole number", argument: args.tokenIndex(ofOption: "limit")) }
            limit = n
        }
        let registry = context.registry
        let folded = terms.map { Array($0.utf8) }
        let pool = kind.map { Array(registry.indices(ofKind: $0)) }
        let corpus = registry.searchCorpus
        let searched = SearchTerms(folded)
        // Ranked from the corpus (no folding again), in load order within a rank. The rows are
        // built when asked for (the matching field needs folding): `find x | count` builds none.
        var ranked: [[Int]] = [[], [], []]
        for (i, rank) in corpus.entities(matchingAll: searched, among: pool) { ranked[rank].append(i) }
        var found = FoundRows(registry: registry, corpus: corpus, terms: searched, firstTerm: terms[0])
        for (rank, positions) in ranked.enumerated() {
            for i in positions.prefix(limit - found.positions.count) {
                found.positions.append(i)
                found.ranks.append(rank)
            }
        }
        return .lazyRecords(LazyRows(found, columns: FoundRows.columns))
    }

    /// What a found entity matched in: `name`, `alias: ...`, `FIELD: ...` (a snippet of the
    /// claim), or `relations: ...`.
    static func matched(_ e: Entity, at i: Int, rank: Int, corpus: SearchCorpus, terms: SearchTerms, firstTerm: String) -> String {
        switch rank {
        case 0: return "name"
        case 1: return "alias: " + snippet(e.aliases.joined(separator: ", "), firstTerm)
        default:
            // Which claim, and where the first term is in it, from the corpus.
            guard let (k, offset) = corpus.claimMatch(of: i, terms) else {
                return "relations: " + snippet(e.relations.map { $0.targets.joined(separator: ", ") }.joined(separator: "; "), firstTerm)
            }
            var (field, text) = ("", "")
            var n = k
            for f in e.fields {
                if n < f.claims.count { (field, text) = (f.name, f.claims[n].value.display); break }
                n -= f.claims.count
            }
            return field + ": " + snippet(text, firstTerm, at: offset)
        }
    }

    /// A short excerpt around the first match of `term`; `at`, when known, is where it is in
    /// the folded text.
    static func snippet(_ text: String, _ term: String, at known: Int? = nil) -> String {
        let utf8 = text.utf8
        if utf8.count <= 60 { return text }
        if ByteScan.isASCII(text) {
            // ASCII: one byte a character, and folding keeps positions; cut by byte offsets.
            let at = known ?? SearchText.firstOffset(of: Array(term.utf8), in: SearchText.fold(text)) ?? 0
            let start = max(0, at - 20)
            let end = min(utf8.count, start + 60)
            var out = start > 0 ? "…" : ""
            out.reserveCapacity(end - start + 8)
            out += text[utf8.index(utf8.startIndex, offsetBy: start)..<utf8.index(utf8.startIndex, offsetBy: end)]
            if end < utf8.count { out += "…" }
            return out
        }
        let chars = Array(text)
        guard chars.count > 60 else { return text }
        let folded = Array(TextFold.fold(text))
        var at = 0
        if folded.count == chars.count, let r = folded.firstRange(of: Array(term)) {
            at = r.lowerBound
        }
        let start = max(0, at - 20)
        let end = min(chars.count, start + 60)
        return (start > 0 ? "…" : "") + String(chars[start..<end]) + (end < chars.count ? "…" : "")
    }
}

/// `find`'s rows, built when asked for: id, kind and name read in place, `matched` worked out
/// from the corpus.
struct FoundRows: RowSource {
    static let columns = ["id", "kind", "name", "matched"]
    let registry: Registry
    let corpus: SearchCorpus
    let terms: SearchTerms
    let firstTerm: String
    /// Positions in `registry.entities`, best rank first, and the rank of each.
    var positions: [Int] = []
    var ranks: [Int] = []

    var count: Int { positions.count }
    var keys: [String] { Self.columns }

    func field(_ key: String, row: Int) -> Value? {
        let e = registry.entities[positions[row]]
        switch key {
        case "id": return .text(e.id)
        case "kind": return .text(e.kind)
        case "name": return .text(e.name)
        case "matched": return .text(FindCommand.matched(e, at: positions[row], rank: ranks[row], corpus: corpus, terms: terms, firstTerm: firstTerm))
        default: return nil
        }
    }

    func record(_ row: Int) -> Record {
        Record(Self.columns.map { RecordField($0, field($0, row: row) ?? .null) })
    }
}
