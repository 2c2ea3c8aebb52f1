import Foundation

/// A problem with something a user supplied: a file, a field in it, or a command-line argument.
///
/// Every case renders as one line that names where the problem is and what was expected, so the CLI can print it
/// verbatim on stderr and exit with status 2. Example:
/// `Chips/x.json: layers[1].weights: row 3 has 7 numbers, expected 8`.
public enum InputError: Error, Equatable, Sendable, LocalizedError, CustomStringConvertible {
    /// The file could not be read (missing, a directory, unreadable).
    case unreadable(file: String, reason: String)
    /// The file is not well-formed (JSON syntax, CSV structure); `location` is e.g. `line 3, column 5`.
    case malformed(file: String, location: String, reason: String)
    /// A field holds a value of the wrong kind, shape or range. `field` is a path such as `layers[1].weights`.
    case invalidField(file: String, field: String, reason: String)
    /// A command-line argument or option is wrong. `option` is the flag, e.g. `--failures`.
    case invalidOption(option: String, reason: String)
    /// The command line itself is wrong (unknown command, missing argument).
    case usage(String)

    /// The one line, with control characters in the file name (a newline, an ANSI escape) shown as escapes so the
    /// message stays one line and cannot drive a terminal.
    public var description: String {
        switch self {
        case let .unreadable(file, reason): return "\(TextInput.printable(file)): \(reason)"
        case let .malformed(file, location, reason): return "\(TextInput.printable(file)): \(location): \(reason)"
        case let .invalidField(file, field, reason): return "\(TextInput.printable(file)): \(field): \(reason)"
        case let .invalidOption(option, reason): return "\(option): \(reason)"
        case let .usage(message): return message
        }
    }

    public var errorDescription: String? { description }
}

extension InputError {
    /// Opens `path` for reading and returns the descriptor (the caller closes it) with the file's status, mapping the
    /// ways it can fail to one clear error: no such file, a folder, or the system's reason.
    public static func openForReading(_ path: String) throws(InputError) -> (fd: Int32, info: stat) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw .unreadable(file: path, reason: errno == ENOENT ? "no such file" : "cannot be read: \(FileType.reason(errno))")
        }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            let reason = FileType.reason(errno)
            close(fd)
            throw .unreadable(file: path, reason: "cannot be read: \(reason)")
        }
        if info.st_mode & S_IFMT == S_IFDIR {
            close(fd)
            throw .unreadable(file: path, reason: "is a directory, expected a file")
        }
        return (fd, info)
    }

    /// Reads a whole file (a regular file, or a pipe or FIFO such as `<(command)`, read to its end), mapping the
    /// ways it can fail to one clear error with the system's reason. A file above a quarter of the memory limit
    /// (``ResourceLimit/memoryBytes``) is refused before it is read.
    public static func readFile(_ path: String) throws(InputError) -> Data {
        let (fd, info) = try openForReading(path)
        defer { close(fd) }
        let limit = ResourceLimit.memoryBytes / 4
        var data = Data()
        if info.st_mode & S_IFMT == S_IFREG {
            try ResourceLimit.checkMemory(Double(info.st_size) * 4, for: "reading it and what it holds", change: "give a smaller file")
                { .unreadable(file: path, reason: "is \(ResourceLimit.size(Double(info.st_size))); \($0)") }
            // A regular file is read straight into a buffer of its size (a 423 MB CSV: no second copy through a
            // chunk); should it have shrunk meanwhile, the buffer is cut to what was read, and should it have grown,
            // the rest is read below like a pipe's.
            let (whole, failure) = readRegular(fd, size: Int(info.st_size))
            if let failure { throw .unreadable(file: path, reason: "cannot be read: \(FileType.reason(failure))") }
            data = whole
            if data.count < Int(info.st_size) { return data }
            guard lseek(fd, off_t(data.count), SEEK_SET) >= 0 else {
                throw .unreadable(file: path, reason: "cannot be read: \(FileType.reason(errno))")
            }
        }
        // A regular file read whole rarely has more: a small chunk finds out (1 MiB zeroed was 256 page faults of
        // every chip load); a pipe's is read in 1 MiB chunks.
        var chunk = [UInt8](repeating: 0, count: data.isEmpty ? 1 << 20 : 1 << 12)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw .unreadable(file: path, reason: "cannot be read: \(FileType.reason(errno))")
            }
            if n == 0 { return data }
            data.append(contentsOf: chunk[0..<n])
            guard Double(data.count) <= limit else {
                throw .unreadable(file: path, reason: "holds more than \(ResourceLimit.size(limit)), a quarter of the memory limit (NEUROFAIL_MEMORY_LIMIT_GB); give a smaller file")
            }
        }
    }

    /// Files from this size on are read in parts, one per processor, each at least this long.
    static let readPartBytes = 2 << 20

    /// Reads the `size` bytes of a regular file: in 2 MiB pages when it is that large (``HugePages``), and from
    /// ``readPartBytes`` up in parts side by side with `pread`, one per processor. Both are about the memory the
    /// copy lands in, not the disk: a 7 MB CSV already in the page cache took 5.7 ms read into fresh 4 KiB pages
    /// on one thread (a fault and a zeroing per page), 2.3 ms in parts into huge pages.
    ///
    /// - Returns: the bytes read up to the first short part (a file that shrank meanwhile is cut there), or the
    ///   `errno` of a failed read.
    static func readRegular(_ fd: Int32, size: Int) -> (data: Data, failure: Int32?) {
        guard size > 0 else { return (Data(), nil) }
        let huge = size >= HugePages.size
        let buffer = huge ? HugePages.allocate(UInt8.self, count: size) : .allocate(capacity: size)
        let parts = max(1, min(ProcessInfo.processInfo.activeProcessorCount, size / readPartBytes))
        let target = SendablePointer(buffer)
        // Per part: the bytes read, and the errno of a failed read (0: none).
        let results = [(Int, Int32)](unsafeUninitializedCapacity: parts) { slots, initialized in
            let slots = SendablePointer(slots.baseAddress!)
            DispatchQueue.concurrentPerform(iterations: parts) { k in
                let start = size * k / parts, end = size * (k + 1) / parts
                var done = 0, failure: Int32 = 0
                while start + done < end {
                    let n = pread(fd, target.pointer + start + done, end - start - done, off_t(start + done))
                    if n < 0 {
                        if errno == EINTR { continue }
                        failure = errno
                        break
                    }
                    if n == 0 { break }
                    done += n
                }
                (slots.pointer + k).initialize(to: (done, failure))
            }
            initialized = parts
        }
        func release() { huge ? HugePages.deallocate(buffer) : buffer.deallocate() }
        if let failure = results.first(where: { $0.1 != 0 })?.1 {
            release()
            return (Data(), failure)
        }
        var filled = 0
        for k in 0..<parts {
            filled += results[k].0
            if results[k].0 < size * (k + 1) / parts - size * k / parts { break }
        }
        guard filled > 0 else {
            release()
            return (Data(), nil)
        }
        let data = Data(bytesNoCopy: buffer, count: filled, deallocator: .custom { pointer, _ in
            let bytes = pointer.assumingMemoryBound(to: UInt8.self)
            huge ? HugePages.deallocate(bytes) : bytes.deallocate()
        })
        return (data, nil)
    }
}
