import Foundation
import NeuroFailCore
import Synchronization

/// Standard output or error as a file descriptor written with write(2), keeping the first failure instead of
/// trapping: after one failed write the stream writes nothing more (the output is incomplete anyway).
final class StandardStream: Sendable {
    /// File descriptor 1.
    static let output = StandardStream(fd: 1)
    /// File descriptor 2.
    static let error = StandardStream(fd: 2)

    private let fd: Int32
    private let firstFailure = Mutex<Int32?>(nil)

    init(fd: Int32) { self.fd = fd }

    /// Writes `text` whole, unless an earlier write failed.
    func write(_ text: String) {
        firstFailure.withLock { failure in
            guard failure == nil else { return }
            failure = AtomicFile.writeAll(Data(text.utf8), to: fd)
        }
    }

    /// The system's reason for the first failed write, nil if none failed.
    var failure: String? { firstFailure.withLock { $0 }.map(FileType.reason) }
}
