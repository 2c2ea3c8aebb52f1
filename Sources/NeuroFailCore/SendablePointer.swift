/// A pointer handed to parallel workers that write disjoint parts of one buffer.
///
/// `@unchecked` because the compiler cannot see the disjointness: every use writes only the elements of its own
/// block, chunk or row, and the buffer outlives the parallel loop (it is only used inside `withUnsafe…` scopes).
/// For the package's own modules, with ``Parallel``; not part of the library's API.
package struct SendablePointer<T>: @unchecked Sendable {
    package let pointer: UnsafeMutablePointer<T>
    package init(_ pointer: UnsafeMutablePointer<T>) { self.pointer = pointer }
}
