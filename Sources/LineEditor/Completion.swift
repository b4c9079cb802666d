/// The answer of a completer: candidates for the word under the cursor.
///
/// The editor replaces the word (from ``wordStart`` to the cursor) with one candidate plus
/// a space when there is one, with the candidates' longest common prefix when it is longer
/// than the word, and otherwise lists the candidates below the line.
public struct Completion: Equatable, Sendable {
    /// Whole words that may replace the word under the cursor.
    public var candidates: [String]
    /// Where that word starts in the line before the cursor, as a **UTF-8 byte offset**
    /// (`line.utf8.count` for an empty word at the cursor).
    public var wordStart: Int
    /// Whether there are more candidates than `candidates` holds (the editor then says so
    /// rather than giving a count).
    public var truncated: Bool

    /// Candidates for the word starting at the UTF-8 byte offset `wordStart`.
    public init(candidates: [String], wordStart: Int, truncated: Bool = false) {
        self.candidates = candidates
        self.wordStart = wordStart
        self.truncated = truncated
    }

    /// Candidates for `word`, a slice of the line the completer was given.
    public init(candidates: [String], word: Substring, truncated: Bool = false) {
        self.candidates = candidates
        self.wordStart = word.base.utf8.distance(from: word.base.startIndex, to: word.startIndex)
        self.truncated = truncated
    }

    /// No candidates.
    public static let none = Completion(candidates: [], wordStart: 0)
}
