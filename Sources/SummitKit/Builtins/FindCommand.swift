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
        let pool = kind.map { registry.indices(ofKind: $0) }
        let corpus = registry.searchCorpus
        let searched = SearchTerms(folded)
        // Ranked from the corpus (no folding again), in load order within a rank; rows (and the
        // matching field, which needs folding) only for what is shown.
        var ranked: [[Int]] = [[], [], []]
        for (i, rank) in corpus.entities(matchingAll: searched, among: pool) { ranked[rank].append(i) }
        var rows: [Record] = []
        rows.reserveCapacity(min(limit, ranked.reduce(0) { $0 + $1.count }))
        registry.entities.withUnsafeBufferPointer { entities in
            for (rank, found) in ranked.enumerated() {
                for i in found {
                    guard rows.count < limit else { return }
                    // Read in place, without copying the entity out.
                    let matched: String
                    switch rank {
                    case 0: matched = "name"
                    case 1: matched = "alias: " + Self.snippet(entities[i].aliases.joined(separator: ", "), terms[0])
                    default:
                        // Which claim, and where the first term is in it, from the corpus.
                        guard let (k, offset) = corpus.claimMatch(of: i, searched) else {
                            matched = "relations: " + Self.snippet(entities[i].relations.map { $0.targets.joined(separator: ", ") }.joined(separator: "; "), terms[0])
                            break
                        }
                        var (field, text) = ("", "")
                        var n = k
                        for f in entities[i].fields {
                            if n < f.claims.count { (field, text) = (f.name, f.claims[n].value.display); break }
                            n -= f.claims.count
                        }
                        matched = field + ": " + Self.snippet(text, terms[0], at: offset)
                    }
                    rows.append(Record([
                        RecordField("id", .text(entities[i].id)), RecordField("kind", .text(entities[i].kind)),
                        RecordField("name", .text(entities[i].name)), RecordField("matched", .text(matched)),
                    ]))
                }
            }
        }
        return .records(rows, columns: ["id", "kind", "name", "matched"])
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
