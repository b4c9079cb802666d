import LineEditor
import SummitKit

/// Tab completion at the prompt: command names, subcommands, flags and entity ids.
struct Completer {
    let context: CommandContext

    func complete(_ lineBeforeCursor: String) -> Completion {
        let (words, current) = Self.split(lineBeforeCursor)
        let prefix = String(current)
        let candidates = self.candidates(words: words, prefix: prefix)
        // An id list cut at the limit has one more: the last of the run (CommandContext.complete).
        return Completion(candidates: candidates, word: current, truncated: candidates.count > CommandContext.completionLimit)
    }

    func candidates(words allWords: [String], prefix: String) -> [String] {
        // The language: complete the command of the current statement or pipeline stage.
        var words = allWords
        if let i = words.lastIndex(where: { $0 == "{" || $0 == ";" }) { words = Array(words[(i + 1)...]) }
        if let i = words.lastIndex(of: "|") {
            // Right after `|`: a stage name; a stage's fields are not known without running.
            return i == words.count - 1 ? Stage.names.filter { $0.hasPrefix(prefix) } : []
        }
        if words.count >= 3, words[0] == "let" && words[2] == "=" || words[0] == "for" && words[2] == "in" {
            words.removeFirst(3)
        } else if let first = words.first, Keyword.statements.contains(first) {
            return []
        }
        if words.isEmpty {
            return Array(Set(context.topLevelWords + ["exit", "quit", "source"] + Keyword.statements)).filter { $0.hasPrefix(prefix) }.sorted()
        }
        if let (command, used) = context.resolveCommand(words) {
            // A group that is also a command (`timeline`, `timeline series`): offer subcommands too.
            var out: [String] = []
            if used == words.count {
                let group = words.joined(separator: " ")
                out += context.subcommands(of: group).map { String($0.name.split(separator: " ")[used]) }.filter { $0.hasPrefix(prefix) }
            }
            let request = CompletionRequest(previous: Array(words[used...]), prefix: prefix)
            out += command.complete(request, in: context)
            var seen = Set<String>()
            return out.filter { seen.insert($0).inserted }
        }
        let group = words.joined(separator: " ")
        return context.subcommands(of: group).compactMap { c -> String? in
            let parts = c.name.split(separator: " ")
            return parts.count > words.count ? String(parts[words.count]) : nil
        }.filter { $0.hasPrefix(prefix) }.sorted()
    }

    /// Splits the line into finished words and the word being typed (quotes group words).
    static func split(_ line: String) -> ([String], Substring) {
        var words: [String] = []
        var current = ""
        var quote: Character?
        var wordStart = line.startIndex
        var i = line.startIndex
        while i < line.endIndex {
            let c = line[i]
            if let q = quote {
                if c == q { quote = nil } else { current.append(c) }
            } else if c == "\"" || c == "'" {
                quote = c
            } else if c == " " || c == "\t" {
                if !current.isEmpty { words.append(current) }
                current = ""
                wordStart = line.index(after: i)
            } else {
                current.append(c)
            }
            i = line.index(after: i)
        }
        var word = line[wordStart...]
        if word.first == "\"" || word.first == "'" { word = word.dropFirst() }
        return (words, word)
    }
}
