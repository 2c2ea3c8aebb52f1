import Foundation
import NeuroFailBounds
import NeuroFailCore
import NeuroFailKernel

/// The `neurofail` command: dispatches to a subcommand and maps errors to exit statuses and one-line messages.
public enum CommandLineTool {
    /// The version printed by `neurofail --version`.
    public static let version = "0.1.0"

    static var commands: [any Command.Type] {
        [
        ErfCommand.self, OmegaCommand.self, RankCommand.self, ToleranceCommand.self, CompareCommand.self,
        InspectCommand.self, PredictCommand.self, ConvertCommand.self, GenerateCommand.self, TrainCommand.self,
        MissionCommand.self, ReplayCommand.self, ReproduceCommand.self, MergeCommand.self, MissionMergeCommand.self,
        ]
    }

    static var overview: String {
        var lines = [
            "OVERVIEW: NeuroFail: what happens to a neural network in hardware as its neurons and synapses crash.",
            "",
            "Computes the Erf bound of El Mhamdi, Guerraoui and Rouault (SRDS 2017) from a chip's weights alone,",
            "and measures the true output error Omega by crash injection.",
            "",
            "USAGE: neurofail <command> [<arguments>] [--json]",
            "",
            "COMMANDS:",
        ]
        // One column for every abstract, two spaces after the longest name (mission-merge).
        let column = (commands.map { $0.spec.name.count }.max() ?? 0) + 2
        for c in commands {
            let name = c.spec.name
            lines.append("  " + name + String(repeating: " ", count: column - name.count) + c.spec.abstract)
        }
        lines += ["", "  See 'neurofail <command> --help' for a command's options.", "",
                  "OPTIONS:", "  --version               Show the version.", "  -h, --help              Show help information."]
        return lines.joined(separator: "\n") + "\n"
    }

    /// Runs `neurofail` with `arguments` (without the program name) and returns the exit status: the command's, or 1
    /// with a line on standard error when standard output could not be written (a full disk, a closed pipe).
    public static func run(_ arguments: [String], console: Console) -> Int32 {
        let status = dispatch(arguments, console: console)
        if let reason = console.outFailure() {
            console.err("neurofail: cannot write standard output: \(reason)\n")
            return ExitCode.internalError.rawValue
        }
        return status
    }

    /// What the `neurofail` process sets up before any other thread starts: interrupted runs remove their temporary
    /// files (SIGINT, SIGTERM, SIGHUP: Docs/reliability.md), and a closed pipe is a failed write (exit 1 with a line)
    /// rather than a silent death by SIGPIPE.
    public static func prepareProcess() {
        Temporaries.installSignalCleanup()
        signal(SIGPIPE, SIG_IGN)
    }

    private static func dispatch(_ arguments: [String], console: Console) -> Int32 {
        guard let first = arguments.first else {
            console.err(overview)
            return ExitCode.badInput.rawValue
        }
        switch first {
        case "-h", "--help", "help":
            if first == "help", arguments.count > 1, let c = commands.first(where: { $0.spec.name == arguments[1] }) {
                console.out(c.spec.help)
            } else {
                console.out(overview)
            }
            return ExitCode.success.rawValue
        case "--version", "version":
            console.print("neurofail \(version)")
            return ExitCode.success.rawValue
        default:
            break
        }
        guard let command = commands.first(where: { $0.spec.name == first }) else {
            console.err("neurofail: unknown command '\(first)' (see 'neurofail --help')\n")
            return ExitCode.badInput.rawValue
        }
        do {
            let parsed = try ParsedArguments(Array(arguments.dropFirst()), spec: command.spec)
            if parsed.helpRequested {
                console.out(command.spec.help)
                return ExitCode.success.rawValue
            }
            return try command.run(parsed, console: console).rawValue
        } catch let error as InputError {
            console.err(error.description + "\n")
            return ExitCode.badInput.rawValue
        } catch let error as BoundsError {
            console.err(error.description + "\n")
            return ExitCode.badInput.rawValue
        } catch let error as KernelError {
            console.err(error.description + "\n")
            return ExitCode.badInput.rawValue
        } catch let error as InternalError {
            console.err("internal error: \(error.description)\n")
            return ExitCode.internalError.rawValue
        } catch {
            console.err("internal error: \(error)\n")
            return ExitCode.internalError.rawValue
        }
    }
}

/// A failure that is NeuroFail's fault, not the user's (exit status 1).
struct InternalError: Error, CustomStringConvertible {
    let description: String
}

/// A `neurofail` subcommand.
protocol Command {
    static var spec: CommandSpec { get }
    static func run(_ arguments: ParsedArguments, console: Console) throws -> ExitCode
}
