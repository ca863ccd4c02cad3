/// A computation run on a second thread while the caller does other work:
/// the report reads the worker journals beside the bulletin and the locks.
///
/// `value()` waits for the thread and returns what the computation returned
/// or rethrows what it threw. When no thread can be made, the computation
/// runs in `value()` instead, so the result never depends on threads.
package final class SideThread<Value: Sendable>: @unchecked Sendable {
    private final class Box: @unchecked Sendable {
        // Written by the side thread before it ends; read only after joining it.
        var result: Result<Value, any Error>?
    }

    private let box = Box()
    private let work: @Sendable () throws -> Value
    private var thread: SystemCall.Thread?

    package init(_ work: @escaping @Sendable () throws -> Value) {
        self.work = work
        let box = box
        thread = SystemCall.startThread { box.result = Result { try work() } }
    }

    package func value() throws -> Value {
        if let thread {
            SystemCall.joinThread(thread)
            self.thread = nil
        }
        if box.result == nil { box.result = Result { try work() } }
        return try box.result!.get()
    }
}
