import Foundation
import Testing

/// The README's command blocks marked `<!-- runnable … -->` run as written, from the repository
/// root, so that the README cannot drift from the tool. `swift run hubaudit` runs the executable
/// this test run built (what `swift run` would build and run); a trailing `# exit N` is the exit
/// code the command must end with (0 when absent). Each command runs with `sh -c`, in order.
@Suite(.serialized)
struct ReadmeCommandTests {
    struct Command: CustomStringConvertible, Sendable {
        var text: String
        var expectedStatus: Int32
        var line: Int
        var description: String { "README.md:\(line): \(text)" }
    }

    /// Every command of every runnable block: comment lines dropped, `\`-continued lines joined.
    static func runnableCommands(in readme: String) -> [Command] {
        var commands: [Command] = []
        var armed = false, inBlock = false, isRunnable = false
        var pending = "", pendingLine = 0
        for (index, raw) in readme.components(separatedBy: "\n").enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if !inBlock {
                if line.hasPrefix("<!-- runnable") {
                    armed = true
                } else if line.hasPrefix("```") {
                    (inBlock, isRunnable, armed) = (true, armed, false)
                } else if !line.isEmpty {
                    armed = false
                }
                continue
            }
            if line.hasPrefix("```") {
                (inBlock, isRunnable) = (false, false)
                continue
            }
            guard isRunnable, !line.hasPrefix("#"), !line.isEmpty else { continue }
            if pending.isEmpty { pendingLine = index + 1 }
            if line.hasSuffix("\\") {
                pending += line.dropLast().trimmingCharacters(in: .whitespaces) + " "
                continue
            }
            commands.append(command(pending + line, line: pendingLine))
            pending = ""
        }
        return commands
    }

    static func command(_ text: String, line: Int) -> Command {
        var text = text, status: Int32 = 0
        if let range = text.range(of: #"#\s*exit\s+(\d+)\s*$"#, options: .regularExpression) {
            status = Int32(text[range].filter(\.isWholeNumber)) ?? 0
            text.removeSubrange(range)
        }
        return Command(text: text.trimmingCharacters(in: .whitespaces), expectedStatus: status, line: line)
    }

    static let commands = runnableCommands(in: (try? String(contentsOfFile: Repo.path("README.md"), encoding: .utf8)) ?? "")

    @Test func theReadmeHasRunnableBlocks() {
        #expect(Self.commands.count >= 6, "README.md: runnable blocks not found: \(Self.commands)")
        #expect(Self.commands.allSatisfy { $0.text.hasPrefix("swift run hubaudit ") || $0.text.hasPrefix("mkdir ") })
    }

    @Test func everyRunnableCommandEndsAsTheReadmeSays() throws {
        let executable = Repo.executable.path
        for command in Self.commands {
            let shell = command.text.replacingOccurrences(of: "swift run hubaudit ", with: "'\(executable)' ")
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", shell]
            process.currentDirectoryURL = Repo.root
            let output = Pipe()
            process.standardOutput = output
            process.standardError = output
            try process.run()
            let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationStatus == command.expectedStatus,
                    "\(command) ended with \(process.terminationStatus): \(text.suffix(600))")
        }
    }

    /// The parser is not vacuous: an unmarked block is not run, continuation lines are joined, and
    /// the expected status is read.
    @Test func onlyMarkedBlocksAreRead() {
        let readme = """
            ```sh
            swift run hubaudit scan nowhere   # exit 2
            ```
            <!-- runnable -->
            ```sh
            # a comment
            swift run hubaudit scan a \\
                --json b   # exit 1
            swift run hubaudit rules
            ```
            """
        let commands = ReadmeCommandTests.runnableCommands(in: readme)
        #expect(commands.map(\.text) == ["swift run hubaudit scan a --json b", "swift run hubaudit rules"])
        #expect(commands.map(\.expectedStatus) == [1, 0])
        #expect(commands.map(\.line) == [7, 9])
    }
}
