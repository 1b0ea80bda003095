import Foundation

#if FUZZING
    /// libFuzzer's entry points (`swift build --sanitize fuzzer -Xswiftc -DFUZZING`): the target
    /// comes from `AE_FUZZ_TARGET`.
    nonisolated(unsafe) private var selected: FuzzTarget?

    @_cdecl("LLVMFuzzerInitialize")
    public func fuzzerInitialize(
        _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>
    ) -> CInt {
        let name = ProcessInfo.processInfo.environment["AE_FUZZ_TARGET"] ?? ""
        guard let target = FuzzTarget.named(name) else {
            FileHandle.standardError.write(
                Data("AE_FUZZ_TARGET=\(name) is not a target; targets: \(FuzzTarget.all.map(\.name).joined(separator: ", "))\n".utf8))
            exit(2)
        }
        selected = target
        return 0
    }

    @_cdecl("LLVMFuzzerTestOneInput")
    public func fuzzerTestOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
        selected!.run(Array(UnsafeBufferPointer(start: data, count: size)))
        return 0
    }
#else
    /// Without libFuzzer: `fuzz --list`, or `fuzz TARGET PATH...` replays files (or every file
    /// of a directory, such as a committed corpus) through a target, so corpora are
    /// regression tests on any build.
    @main
    enum FuzzMain {
        static func main() {
            let arguments = Array(CommandLine.arguments.dropFirst())
            if arguments.first == "--list" || arguments.isEmpty {
                for target in FuzzTarget.all { print("\(target.name)\t\(target.summary)") }
                return
            }
            guard let target = FuzzTarget.named(arguments[0]) else {
                FileHandle.standardError.write(
                    Data("unknown target \(arguments[0]); targets: \(FuzzTarget.all.map(\.name).joined(separator: ", "))\n".utf8))
                exit(2)
            }
            var files: [String] = []
            for path in arguments.dropFirst() {
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                    FileHandle.standardError.write(Data("no such file: \(path)\n".utf8))
                    exit(2)
                }
                if isDirectory.boolValue {
                    let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
                    files += names.sorted().map { "\(path)/\($0)" }
                } else {
                    files.append(path)
                }
            }
            for file in files {
                guard let data = FileManager.default.contents(atPath: file) else { continue }
                target.run([UInt8](data))
            }
            print("\(target.name): \(files.count) inputs replayed, invariants held")
        }
    }
#endif
