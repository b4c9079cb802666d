import Foundation

/// Runs the built `summit` binary as a user would, with a clean environment.
enum SummitProcess {
    struct Result {
        var out: String
        var err: String
        var status: Int32
    }

    /// The `summit` executable next to this test bundle (same build configuration).
    static var binary: String {
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        var dir = URL(fileURLWithPath: exe).deletingLastPathComponent()
        // Inside foo.xctest/... climb to the build directory.
        while dir.path != "/" {
            let candidate = dir.appendingPathComponent("summit").path
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate, isDirectory: &isDir), !isDir.boolValue { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return repoRoot + "/.build/debug/summit"
    }

    static var repoRoot: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    }

    /// A fresh temporary directory.
    static func tempDir() -> String {
        let dir = NSTemporaryDirectory() + "summit-e2e-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    /// A private HOME and XDG dirs so no user file is read or written.
    static func isolatedEnvironment(_ extra: [String: String] = [:]) -> [String: String] {
        let home = tempDir()
        var env = ["HOME": home, "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "XDG_CONFIG_HOME": home + "/.config", "XDG_STATE_HOME": home + "/.local/state"]
        // Under .ci/sanitizers the sanitized summit needs the same options as the tests.
        for name in ["ASAN_OPTIONS", "TSAN_OPTIONS", "LSAN_OPTIONS", "UBSAN_OPTIONS", "SWIFT_BACKTRACE"] {
            if let value = ProcessInfo.processInfo.environment[name] { env[name] = value }
        }
        for (k, v) in extra { env[k] = v }
        return env
    }

    @discardableResult
    static func run(_ arguments: [String], stdin: String? = nil, environment: [String: String]? = nil, executable: String? = nil, timeout: TimeInterval = 60) throws -> Result {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: executable ?? binary)
        p.arguments = arguments
        p.environment = environment ?? isolatedEnvironment()
        let outPipe = Pipe(), errPipe = Pipe(), inPipe = Pipe()
        p.standardOutput = outPipe
        p.standardError = errPipe
        p.standardInput = inPipe
        try p.run()
        if let stdin { inPipe.fileHandleForWriting.write(Data(stdin.utf8)) }
        try? inPipe.fileHandleForWriting.close()
        let outData = DataBox(), errData = DataBox()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async { outData.data = outPipe.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        group.enter()
        DispatchQueue.global().async { errData.data = errPipe.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        if group.wait(timeout: .now() + timeout) == .timedOut {
            p.terminate()
            throw TimeoutError(command: arguments)
        }
        p.waitUntilExit()
        return Result(out: String(decoding: outData.data, as: UTF8.self), err: String(decoding: errData.data, as: UTF8.self), status: p.terminationStatus)
    }

    struct TimeoutError: Error { var command: [String] }

    /// Written by one reader thread, read after `DispatchGroup.wait`: no overlap.
    final class DataBox: @unchecked Sendable { var data = Data() }

    static func write(_ text: String, to path: String) throws {
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }
}
