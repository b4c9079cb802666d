import Synchronization
import SummitKit
#if canImport(Glibc)
import Glibc
#endif

/// One external plugin's program: started on first use, kept running for the next calls, and
/// survived. A crash, a hang, output that is not the protocol, or the wrong protocol version
/// becomes an error naming the plugin; the process is then killed and reaped, and started
/// again on the next call.
///
/// Commands share it through `ExternalCommand`. Calls are serialised by a lock (the
/// interpreter makes them one at a time anyway).
public final class ExternalPlugin: @unchecked Sendable {
    /// The name in the manifest (and the handshake).
    public let name: String
    /// The program, an absolute path inside the plugin directory.
    public let executable: String
    public let directory: String
    /// The commands the manifest says it provides.
    public let provides: [String]
    public var handshakeTimeout: Double
    public var callTimeout: Double
    /// The most a reply (one line) may hold.
    public var maxReplyBytes = 16 << 20
    /// The most a handshake may hold.
    public var maxHandshakeBytes = 1 << 20
    /// Asked while waiting for the plugin: true gives up (Ctrl-C at the prompt).
    public var shouldStop: (@Sendable () -> Bool)?

    private let lock = Mutex(())
    private var process: ChildProcess?
    private var handshakeCache: PluginProtocol.Handshake?
    private var recentFailure: Failure?
    private var nextID = 1
    /// How often it was started (for tests and `plugins`).
    public private(set) var starts = 0

    public init(name: String, executable: String, directory: String, provides: [String], handshakeTimeout: Double = 5, callTimeout: Double = 10) {
        self.name = name
        self.executable = executable
        self.directory = directory
        self.provides = provides
        self.handshakeTimeout = handshakeTimeout
        self.callTimeout = callTimeout
    }

    deinit { process?.finish() }

    /// A failure, worded for people, naming the plugin.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    /// The handshake, starting the program if it is not running. A start that failed while
    /// the command line was being read (`declaration()`) is reported here rather than tried
    /// again, so one command line starts the program at most once.
    public func handshake() throws(Failure) -> PluginProtocol.Handshake {
        try lock.withLock { (_) throws(Failure) -> PluginProtocol.Handshake in
            if let f = recentFailure {
                recentFailure = nil
                throw f
            }
            return try startIfNeeded()
        }
    }

    /// The plugin's commands for reading a command line, help or completion: the handshake
    /// made earlier, else one made now; nil when the program cannot start (the failure waits
    /// for `handshake()`, which the command's run calls).
    public func declaration() -> PluginProtocol.Handshake? {
        lock.withLock { _ -> PluginProtocol.Handshake? in
            if let h = handshakeCache { return h }
            if recentFailure != nil { return nil }
            do throws(Failure) { return try startIfNeeded() } catch {
                recentFailure = error
                return nil
            }
        }
    }

    /// The handshake if one was made, without starting anything.
    public var knownHandshake: PluginProtocol.Handshake? { lock.withLock { _ in handshakeCache } }

    /// Whether the program is running now.
    public var isRunning: Bool { lock.withLock { _ in process != nil } }

    /// Runs `command` in the plugin and returns its result (or its own error, as a failure).
    public func call(_ command: String, arguments: [String], options: [JSONMember], entities: [JSONValue]) throws(Failure) -> CommandResult {
        try lock.withLock { (_) throws(Failure) -> CommandResult in
            _ = try startIfNeeded()
            guard let p = process else { throw fail("is not running") }
            let id = nextID
            nextID += 1
            let request = PluginProtocol.call(id: id, command: command, arguments: arguments, options: options, entities: entities)
            let line: [UInt8]
            do throws(ChildProcess.Failure) {
                line = try p.exchange(Array((request.serialized + "\n").utf8), deadline: Deadline(seconds: callTimeout), lineLimit: maxReplyBytes, shouldStop: shouldStop)
            } catch {
                throw stop(after: error, doing: "running '\(command)'")
            }
            let reply: PluginProtocol.Reply
            do {
                let json = try parseLine(line, doing: "running '\(command)'")
                reply = try PluginProtocol.reply(json, id: id)
            } catch let v as PluginProtocol.Violation {
                throw stopOnGarbage("broke the protocol while running '\(command)': \(v.message)")
            } catch {
                throw error as? Failure ?? fail("\(error)")
            }
            if p.leftover.contains(where: { $0 != 32 && $0 != 9 && $0 != 13 && $0 != 10 }) {
                throw stopOnGarbage("wrote more than one line in reply to '\(command)'; a reply is one JSON object on one line")
            }
            switch reply {
            case .result(let r): return r
            case .failure(let m): throw Failure(message: "\(name): \(m)")
            }
        }
    }

    /// Stops the program (end of input, then a kill after a short wait).
    public func stop() {
        lock.withLock { _ in
            process?.finish()
            process = nil
        }
    }

    /// Forgets the handshake too (a reload: the next use starts afresh).
    public func reset() {
        lock.withLock { _ in
            process?.finish()
            process = nil
            handshakeCache = nil
            recentFailure = nil
        }
    }

    // MARK: - Inside the lock

    private func fail(_ what: String) -> Failure { Failure(message: "external plugin '\(name)' \(what)") }

    private func startIfNeeded() throws(Failure) -> PluginProtocol.Handshake {
        if process != nil, let h = handshakeCache { return h }
        let p: ChildProcess
        do {
            p = try ChildProcess.spawn(executable, directory: directory, extraEnvironment: [
                "SUMMIT_PLUGIN_DIR": directory, "SUMMIT_PROTOCOL": String(PluginProtocol.version), "SUMMIT_VERSION": SummitVersion.current,
            ])
        } catch {
            if case .spawn(let why) = error { throw fail("could not be started (\(executable): \(why))") }
            throw fail("could not be started")
        }
        starts += 1
        process = p
        let line: [UInt8]
        do throws(ChildProcess.Failure) {
            line = try p.exchange(Array((PluginProtocol.hello.serialized + "\n").utf8), deadline: Deadline(seconds: handshakeTimeout), lineLimit: maxHandshakeBytes, shouldStop: shouldStop)
        } catch {
            throw stop(after: error, doing: "starting (handshake)")
        }
        let h: PluginProtocol.Handshake
        do {
            h = try PluginProtocol.handshake(try parseLine(line, doing: "starting (handshake)"))
        } catch let v as PluginProtocol.Violation {
            throw stopOnGarbage("failed its handshake: " + v.message)
        } catch {
            throw error as? Failure ?? fail("\(error)")
        }
        if h.name != name {
            throw stopOnGarbage("calls itself '\(h.name)' in its handshake, but its pack.yaml names it '\(name)'; make them the same")
        }
        let declared = Set(h.commands.map(\.name))
        let missing = provides.filter { !declared.contains($0) }
        let extra = h.commands.map(\.name).filter { !provides.contains($0) }
        if !missing.isEmpty || !extra.isEmpty {
            var parts: [String] = []
            if !missing.isEmpty { parts.append("pack.yaml's `provides` lists \(missing.joined(separator: ", ")) but the handshake does not") }
            if !extra.isEmpty { parts.append("the handshake declares \(extra.joined(separator: ", ")) but pack.yaml's `provides` does not") }
            throw stopOnGarbage("does not provide the commands its manifest lists: " + parts.joined(separator: "; "))
        }
        handshakeCache = h
        return h
    }

    private func parseLine(_ line: [UInt8], doing what: String) throws(Failure) -> JSONValue {
        do {
            return try JSONParser(maxDepth: 64, maxBytes: maxReplyBytes).parse(line)
        } catch {
            let shown = String(decoding: line.prefix(60), as: UTF8.self).replacingOccurrences("\u{1B}", with: "\\e")
            throw stopOnGarbage("wrote something that is not a protocol message while \(what): '\(shown)\(line.count > 60 ? "…" : "")' (\(error.message) at column \(error.column))")
        }
    }

    /// Kills the process after a protocol breach; it starts again on the next call.
    private func stopOnGarbage(_ what: String) -> Failure {
        process?.kill()
        process = nil
        return fail(what + "; it was stopped and starts again on the next call")
    }

    /// Kills and reaps the process after a failed exchange, and words what happened.
    private func stop(after error: ChildProcess.Failure, doing what: String) -> Failure {
        guard let p = process else { return fail("is not running") }
        process = nil
        var message: String
        switch error {
        case .timedOut:
            p.kill()
            let limit = what.hasPrefix("starting") ? handshakeTimeout : callTimeout
            message = "did not answer within \(NumberFormat.plain(limit)) s while \(what); it was stopped"
        case .exited(let how):
            message = "stopped (\(how)) while \(what)"
        case .lineTooLong(let limit):
            p.kill()
            message = "sent a reply longer than \(limit >> 20 > 0 ? "\(limit >> 20) MB" : "\(limit) bytes") while \(what); it was stopped"
        case .io(let why):
            p.kill()
            message = "could not be talked to (\(why)) while \(what); it was stopped"
        case .spawn(let why):
            message = "could not be started (\(why))"
        case .interrupted:
            p.kill()
            message = "was interrupted while \(what); it was stopped"
        }
        let err = p.stderrText
        if !err.isEmpty {
            let lines = err.split(separator: "\n", omittingEmptySubsequences: false).suffix(5).joined(separator: "\n  ")
            message += ". Its last error output:\n  " + lines + "\n"
            message += "It starts again on the next call"
        } else {
            message += "; it starts again on the next call"
        }
        p.kill()
        return fail(message)
    }
}
