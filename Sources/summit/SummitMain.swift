import ArgumentParser
import SummitKit
#if canImport(Glibc)
import Glibc
#endif

@main
struct SummitMain: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "summit",
        abstract: "Explore the international AI summit series: summits, events, pledges, declarations, people and their sources.",
        discussion: """
        With no arguments at a terminal, opens the interactive prompt. With script files, runs
        them in order; with -c, runs each line; with input piped in, runs it as a script.

        Examples:
          summit
          summit -c 'funding list --currency EUR'
          summit report.summit
          echo 'show paris-2025' | summit --format json
        """,
        version: SummitVersion.current)

    @Option(name: .short, help: ArgumentHelp("Run this line (repeatable); no prompt.", valueName: "LINE"))
    var command: [String] = []

    @Option(help: ArgumentHelp("Output format: table, json, csv or markdown.", valueName: "FMT"))
    var format: String?

    @Flag(name: .customLong("no-color"), help: "Never colour output (NO_COLOR also works).")
    var noColor = false

    @Flag(name: .customLong("no-init"), help: "Skip the startup file ~/.config/summit/init.summit.")
    var noInit = false

    @Flag(name: .customLong("keep-going"), help: "In scripts, report errors and carry on (exit status 1 at the end).")
    var keepGoing = false

    @Argument(help: ArgumentHelp("Script files (.summit) to run.", valueName: "FILE"))
    var files: [String] = []

    func validate() throws {
        if let format, OutputFormat(name: format) == nil {
            throw ValidationError("unknown format '\(format)'; use table, json, csv or markdown")
        }
    }

    func run() throws {
        signal(SIGPIPE, SIG_IGN)
        let app: App
        do {
            app = try App(format: format.flatMap { OutputFormat(name: $0) }, color: Terminal.colorEnabled(noColorFlag: noColor), keepGoing: keepGoing)
        } catch {
            StandardStream.err("summit: the built-in data failed to load (a build defect):\n\(error.description)\n")
            throw ExitCode(70)
        }
        if !noInit { app.runInitFile() }

        var status = RunStatus.ok
        func finish(_ s: RunStatus) -> Int32 {
            switch s {
            case .ok: return app.interpreter.errorCount > 0 ? 1 : 0
            case .failed: return 1
            case .exit(let c): return c
            }
        }
        if !command.isEmpty {
            for (i, line) in command.enumerated() {
                status = app.interpreter.run(script: line, file: "<command-line \(i + 1)>")
                if case .exit = status { break }
                if status == .failed && !keepGoing { break }
            }
            throw ExitCode(finish(status))
        }
        if !files.isEmpty {
            for f in files {
                status = app.runFile(f)
                if case .exit = status { break }
                if status == .failed && !keepGoing { break }
            }
            throw ExitCode(finish(status))
        }
        if !Terminal.isTTY(0) {
            throw ExitCode(finish(app.runStandardInput()))
        }
        throw ExitCode(REPL(app: app).run())
    }
}
