import SummitKit

/// Reads a plugin directory (docs/PLUGINS.md): the manifest `pack.yaml`, every other `*.yaml`
/// as a data file in the seeds format, the command files, and the external program if any.
/// Every problem comes back with file, line and field; nothing stops at the first.
public enum PackDirectory {
    /// Reads the plugin in `directory` (named as the user named it, for messages).
    public static func read(_ directory: String) -> PackContents {
        var dir = directory
        while dir.count > 1 && dir.hasSuffix("/") { dir.removeLast() }
        var contents = PackContents(directory: dir, manifest: nil)
        func problem(_ file: String, _ line: Int, _ message: String) {
            contents.problems.append(RegistryError(.other(message), at: SourceLocation(file: file, line: line)))
        }
        guard FileIO.isDirectory(dir), let realDir = FileIO.realPath(dir) else {
            problem(dir, 0, FileIO.exists(dir)
                ? "'\(dir)' is a file; a plugin is a directory with a \(PackManifest.fileName)"
                : "no plugin directory '\(dir)'; give the directory that holds \(PackManifest.fileName)")
            return contents
        }
        let names = FileIO.list(dir)
        let manifestPath = FileIO.resolve(PackManifest.fileName, relativeTo: dir)
        guard names.contains(PackManifest.fileName) else {
            var msg = "no \(PackManifest.fileName) in '\(dir)'; a plugin directory needs a manifest with name, version and description (docs/PLUGINS.md)"
            if let other = names.first(where: { $0 == "manifest.yaml" || $0 == "pack.yml" || $0 == "manifest.yml" }) {
                msg += "; rename \(other) to \(PackManifest.fileName)"
            }
            problem(manifestPath, 0, msg)
            return contents
        }
        guard let realManifest = FileIO.realPath(manifestPath), FileIO.isWithin(realManifest, directory: realDir) else {
            problem(manifestPath, 1, "\(PackManifest.fileName) leads outside the plugin directory (a symbolic link?); keep the plugin's files inside it")
            return contents
        }
        let manifestText: String
        do { manifestText = try FileIO.readText(manifestPath, limit: 1 << 20) } catch {
            problem(manifestPath, 1, error.message)
            return contents
        }
        let (parsed, walker) = ManifestReader.walk(yaml: manifestText, file: manifestPath)
        contents.problems += walker.errors
        guard var manifest = parsed else { return contents }
        func manifestLine(_ key: String) -> Int { walker.lines[key] ?? 1 }

        /// The real path of `relative` inside the pack, or nil (with a problem) when it is missing or outside.
        func inside(_ relative: String, field: String) -> String? {
            let shown = FileIO.resolve(relative, relativeTo: dir)
            if relative.hasPrefix("/") {
                problem(manifestPath, manifestLine(field), "field '\(field)': '\(relative)' must be a path relative to the plugin directory")
                return nil
            }
            guard let real = FileIO.realPath(shown) else {
                problem(manifestPath, manifestLine(field), "field '\(field)': no file '\(shown)'")
                return nil
            }
            guard FileIO.isWithin(real, directory: realDir) else {
                problem(manifestPath, manifestLine(field), "field '\(field)': '\(relative)' leads outside the plugin directory; keep the plugin's files inside it")
                return nil
            }
            return real
        }

        /// True when the file is really inside the plugin directory (a symbolic link may lead out).
        func staysInside(_ relative: String, what: String) -> Bool {
            let shown = FileIO.resolve(relative, relativeTo: dir)
            guard let real = FileIO.realPath(shown), FileIO.isWithin(real, directory: realDir) else {
                problem(shown, 1, "\(what) '\(relative)' leads outside the plugin directory (a symbolic link?); keep the plugin's files inside it")
                return false
            }
            return true
        }

        // Data files: every other *.yaml, in name order, each really inside the directory.
        let candidates = names.filter { ($0.hasSuffix(".yaml") || $0.hasSuffix(".yml")) && $0 != PackManifest.fileName && !$0.hasPrefix(".") }
        manifest.dataFiles = candidates.filter { staysInside($0, what: "data file") }
        let packName = manifest.name
        for outcome in Self.parseAll(manifest.dataFiles.map { FileIO.resolve($0, relativeTo: dir) }) {
            switch outcome {
            case .read(var file):
                for i in file.entities.indices { file.entities[i].pack = packName }
                contents.entities += file.entities
            case .failed(let problems):
                contents.problems += problems
            }
        }

        // Command files: as listed, else every .summit file in commands/.
        if manifest.commandFiles.isEmpty {
            let commandsDir = FileIO.resolve("commands", relativeTo: dir)
            if FileIO.isDirectory(commandsDir) {
                manifest.commandFiles = FileIO.list(commandsDir).filter { $0.hasSuffix(".summit") && !$0.hasPrefix(".") }.map { "commands/" + $0 }
                    .filter { staysInside($0, what: "command file") }
            }
        } else {
            for f in manifest.commandFiles {
                if !f.hasSuffix(".summit") {
                    problem(manifestPath, manifestLine("commands"), "field 'commands': '\(f)' is not a .summit file")
                    continue
                }
                _ = inside(f, field: "commands")
            }
        }

        // The external program.
        if let exe = manifest.executable, let real = inside(exe, field: "executable") {
            if FileIO.isDirectory(real) {
                problem(manifestPath, manifestLine("executable"), "field 'executable': '\(exe)' is a directory, not a program")
            } else if !FileIO.isExecutable(real) {
                problem(manifestPath, manifestLine("executable"), "field 'executable': '\(exe)' is not executable; run `chmod +x \(FileIO.resolve(exe, relativeTo: dir))`")
            }
        }

        // Declared summits must be summits of this pack.
        let dataFailed = contents.problems.contains { p in manifest.dataFiles.contains { p.location?.file == FileIO.resolve($0, relativeTo: dir) } }
        for id in manifest.summits where Reader.isSlug(id) {
            guard let e = contents.entities.first(where: { $0.id == id }) else {
                let hint = dataFailed ? " (or it is in a data file with problems, above)" : "; add a summit entity with that id or remove it"
                problem(manifestPath, manifestLine("summits"), "field 'summits': '\(id)' is not defined in this pack's data files\(hint)")
                continue
            }
            if e.kind != "summit" {
                problem(manifestPath, manifestLine("summits"), "field 'summits': '\(id)' is \(CommandContext.article(e.kind)) \(e.kind), not a summit")
            }
        }
        if candidates.isEmpty && manifest.commandFiles.isEmpty && manifest.executable == nil && !FileIO.isDirectory(FileIO.resolve("commands", relativeTo: dir)) {
            problem(manifestPath, 1, "the plugin has no data files (*.yaml), no command files (commands/*.summit) and no `executable:`; add at least one")
        }
        contents.manifest = manifest
        return contents
    }

    enum Outcome: Sendable {
        case read(PackFile)
        case failed([RegistryError])
    }

    /// Reads and parses data files, several at once (one per core): a large pack is many files
    /// (a million entities are a hundred or so), each parsed on its own. Results keep the order.
    static func parseAll(_ paths: [String]) -> [Outcome] {
        Parallel.map(paths.count) { i in parse(paths[i]) }
    }

    static func parse(_ path: String) -> Outcome {
        do {
            return .read(try PackLoader.parse(yaml: try FileIO.readText(path), file: path))
        } catch let e as RegistryErrors {
            return .failed(e.errors)
        } catch let e as FileIO.Failure {
            return .failed([RegistryError(.other(e.message), at: SourceLocation(file: path, line: 1))])
        } catch {
            return .failed([RegistryError(.other("\(error)"), at: SourceLocation(file: path, line: 1))])
        }
    }
}
