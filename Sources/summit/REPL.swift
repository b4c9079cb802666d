import LineEditor
import SummitKit
#if canImport(Glibc)
import Glibc
#endif

/// The interactive loop: prompt, line editing, history, completion, continuation lines.
struct REPL {
    let app: App

    func run() -> Int32 {
        let historyFile = HistoryFile.defaultPath().map { HistoryFile(path: $0) }
        let editor = LineEditor(programName: "summit", history: historyFile)
        app.history = historyFile?.load() ?? []
        let completer = Completer(context: app.context)
        app.context.registry.prepareIDIndex()   // the first Tab on an id is then instant too
        editor.completer = { completer.complete($0) }
        // Ctrl-C while a line runs stops it at the next statement (a second one leaves summit).
        app.interpreter.interruptRequested = { LineEditor.takeInterrupt() }
        let prompt = app.context.settings.color ? "\u{1B}[1;36msummit\u{1B}[0m> " : "summit> "
        let continuation = "   ...> "
        var pending = ""
        var hintedExit = false
        var lineNumber = 0
        if isatty(1) != 0 {
            StandardStream.out("summit \(SummitVersion.current): \(app.context.registry.count) entities from the AI summit series. Type `help`, Tab to complete, Ctrl-D to leave.\n")
        }
        loop: while true {
            switch editor.readLine(prompt: pending.isEmpty ? prompt : continuation) {
            case .endOfInput:
                if !pending.isEmpty { StandardStream.out("\n") }
                break loop
            case .interrupted:
                if pending.isEmpty && !hintedExit {
                    StandardStream.err("(to leave, type exit or press Ctrl-D)\n")
                    hintedExit = true
                }
                pending = ""
                continue
            case .line(let line):
                hintedExit = false
                let text = pending.isEmpty ? line : pending + "\n" + line
                // An open quote, `{`, `(`, `[`, a trailing `|` or backslash continues on the next line.
                if Parser.needsMoreInput(text) {
                    pending = text
                    continue
                }
                pending = ""
                if text.allSatisfy({ $0 == " " || $0 == "\t" }) { continue }
                editor.addHistory(text)
                if app.history.last != text { app.history.append(text) }
                lineNumber += 1
                app.context.settings.width = Terminal.width()
                let status = app.interpreter.run(script: text, file: "<prompt>", directory: ".")
                if case .exit(let code) = status {
                    editor.close()
                    return code
                }
            }
        }
        editor.close()
        return 0
    }
}
