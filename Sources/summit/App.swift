import LineEditor
import SummitKit
import SummitSeeds
#if canImport(Glibc)
import Glibc
#endif

/// Wires a session: the registry, the plugins, the interpreter and where output goes.
final class App {
    let context: CommandContext
    let interpreter: Interpreter
    /// The session's history for `history` (loaded lines plus this session's).
    var history: [String] = []

    init(format: OutputFormat?, color: Bool, keepGoing: Bool) throws(RegistryErrors) {
        var settings = Settings()
        settings.format = format ?? .table
        settings.color = color
        settings.width = Terminal.width()
        settings.keepGoing = keepGoing
        context = CommandContext(registry: BuiltinSeeds.trustedRegistry(), settings: settings)
        context.load(LoadedPlugin(CorePlugin()))
        for p in BuiltinPlugins.all { context.load(LoadedPlugin(p)) }
        interpreter = Interpreter(context: context, write: App.writeOut, writeError: { StandardStream.err($0) })
        interpreter.writeUTF8 = App.writeOut
        context.historyProvider = { [unowned self] in self.history }
    }

    /// Writes results; a closed pipe (`summit -c export | head -1`) ends the process quietly.
    static func writeOut(_ text: String) {
        if !StandardStream.write(text, to: 1) {
            if errno == EPIPE { exit(0) }
        }
    }

    static func writeOut(_ bytes: [UInt8]) {
        let ok = bytes.withUnsafeBytes { StandardStream.write(bytes: $0, to: 1) }
        if !ok, errno == EPIPE { exit(0) }
    }

    /// Runs the init file when present (errors are reported with its path; they don't stop the session).
    func runInitFile() {
        guard let path = Terminal.initFilePath(), FileIO.exists(path) else { return }
        runFile(path, stopOnError: false)
    }

    /// Runs a script file; returns its status.
    @discardableResult
    func runFile(_ path: String, stopOnError: Bool = true) -> RunStatus {
        let text: String
        do { text = try FileIO.readText(path) } catch {
            interpreter.report(Diagnostic(file: path, line: 1, column: 1, message: error.message))
            return .failed
        }
        interpreter.enterFile(path)
        defer { interpreter.leaveFile() }
        return interpreter.run(script: text, file: path, directory: FileIO.directory(of: path))
    }

    /// Reads all of standard input and runs it as a script named `<stdin>`.
    func runStandardInput() -> RunStatus {
        var bytes: [UInt8] = []
        var buf = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = buf.withUnsafeMutableBytes { read(0, $0.baseAddress, 1 << 16) }
            if n < 0 { if errno == EINTR { continue }; break }
            if n == 0 { break }
            bytes.append(contentsOf: buf[0..<n])
        }
        if let nul = bytes.firstIndex(of: 0) {
            let line = bytes[..<nul].reduce(1) { $1 == 10 ? $0 + 1 : $0 }
            interpreter.report(Diagnostic(file: "<stdin>", line: line, column: 1, message: "input contains a NUL byte (line \(line)); give text"))
            return .failed
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            // The first line that is not valid UTF-8 on its own.
            var line = 1
            var start = 0
            for (i, b) in bytes.enumerated() where b == 10 {
                if String(validating: bytes[start..<i], as: UTF8.self) == nil { break }
                line += 1
                start = i + 1
            }
            interpreter.report(Diagnostic(file: "<stdin>", line: line, column: 1, message: "input is not valid UTF-8 (line \(line)); give UTF-8 text"))
            return .failed
        }
        return interpreter.run(script: text, file: "<stdin>", directory: ".")
    }
}
