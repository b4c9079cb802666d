// seedc: compiles seeds/*.yaml into Sources/SummitSeeds/SeedData.swift.
//
//   swift run seedc            regenerate
//   swift run seedc --check    exit 1 if the committed file is out of date
import SummitKit
import SummitPacks

#if canImport(Glibc)
import Glibc
#endif

let args = CommandLine.arguments.dropFirst()
let check = args.contains("--check")
let seedsDir = args.first { !$0.hasPrefix("-") } ?? "seeds"
let output = "Sources/SummitSeeds/SeedData.swift"

func fail(_ message: String) -> Never {
    StandardStream.err(message + "\n")
    exit(1)
}

let files: [PackFile]
do {
    files = try PackLoader.loadDirectory(seedsDir)
    _ = try Registry(entities: files.flatMap(\.entities))
} catch {
    fail(error.description)
}
let code = SeedCodeGenerator.generate(files)
if check {
    let current = (try? FileIO.readText(output)) ?? ""
    if current != code { fail("\(output) is out of date with \(seedsDir)/; run `swift run seedc`") }
    print("\(output) matches \(seedsDir)/ (\(files.flatMap(\.entities).count) entities)")
} else {
    guard StandardStream.writeFile(output, code) else { fail("cannot write \(output)") }
    print("wrote \(output): \(files.count) packs, \(files.flatMap(\.entities).count) entities")
}
