/// "Did you mean" suggestions by edit distance.
public enum Suggest {
    /// The candidate closest to `word`, if it is close enough to be a likely typo.
    /// A candidate that starts with `word` (2+ characters) wins over edit distance; among them the shortest.
    public static func closest(to word: String, in candidates: some Sequence<String>) -> String? {
        // A very long word is no typo of a name, and comparing it costs its length times theirs.
        guard word.utf8.count <= 100 else { return nil }
        let lw = word.lowercased()
        guard !lw.isEmpty else { return nil }
        let all = Array(candidates)
        if lw.count >= 2 {
            let prefixed = all.filter { $0.lowercased().hasPrefix(lw) && $0.lowercased() != lw }
            if let best = prefixed.min(by: { ($0.count, $0) < ($1.count, $1) }) { return best }
        }
        let w = Array(lw)
        var best: (String, Int)?
        for c in all {
            let d = distance(w, Array(c.lowercased()))
            if best == nil || d < best!.1 || (d == best!.1 && c < best!.0) { best = (c, d) }
        }
        guard let (c, d) = best else { return nil }
        let limit = max(1, min(3, w.count / 3 + 1))
        return d <= limit ? c : nil
    }

    /// Levenshtein distance with transpositions counted as one edit.
    public static func distance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var prev2 = [Int](repeating: 0, count: b.count + 1)
        var prev = Array(0...b.count)
        var cur = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            cur[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    cur[j] = min(cur[j], prev2[j - 2] + 1)
                }
            }
            prev2 = prev
            prev = cur
        }
        return prev[b.count]
    }
}
