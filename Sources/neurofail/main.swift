import Foundation
import NeuroFailCLI

exit(CommandLineTool.run(Array(CommandLine.arguments.dropFirst()), console: .standard))
