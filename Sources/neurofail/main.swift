import Foundation
import NeuroFailCLI

CommandLineTool.prepareProcess()
exit(CommandLineTool.run(Array(CommandLine.arguments.dropFirst()), console: .standard))
