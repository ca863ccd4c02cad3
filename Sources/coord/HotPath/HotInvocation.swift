/// A command the hot path parsed without argument-parser: one of the calls
/// agents make hundreds of times a day.
enum HotInvocation: Equatable {
    case post(PostInvocation)
    case lock(LockInvocation)
    case unlock(UnlockInvocation)
    case renew(RenewInvocation)
    case check(CheckInvocation)
    case read(ReadInvocation)
    case status(StatusInvocation)
    case tasks(TasksInvocation)
    case taskClaim(TaskClaimInvocation)
    case send(SendInvocation)

    func execute(in context: CommandContext) throws {
        switch self {
        case .post(let invocation): try invocation.execute(in: context)
        case .lock(let invocation): try invocation.execute(in: context)
        case .unlock(let invocation): try invocation.execute(in: context)
        case .renew(let invocation): try invocation.execute(in: context)
        case .check(let invocation): try invocation.execute(in: context)
        case .read(let invocation): try invocation.execute(in: context)
        case .status(let invocation): try invocation.execute(in: context)
        case .tasks(let invocation): try invocation.execute(in: context)
        case .taskClaim(let invocation): try invocation.execute(in: context)
        case .send(let invocation): try invocation.execute(in: context)
        }
    }
}

/// A subcommand whose parsed form the hot path can also produce; the
/// differential test compares the two.
protocol HotPathCommand: BoardCommand {
    var hotInvocation: HotInvocation { get }
}

extension PostCommand: HotPathCommand { var hotInvocation: HotInvocation { .post(invocation) } }
extension LockCommand: HotPathCommand { var hotInvocation: HotInvocation { .lock(invocation) } }
extension UnlockCommand: HotPathCommand { var hotInvocation: HotInvocation { .unlock(invocation) } }
extension RenewCommand: HotPathCommand { var hotInvocation: HotInvocation { .renew(invocation) } }
extension CheckCommand: HotPathCommand { var hotInvocation: HotInvocation { .check(invocation) } }
extension ReadCommand: HotPathCommand { var hotInvocation: HotInvocation { .read(invocation) } }
extension StatusCommand: HotPathCommand { var hotInvocation: HotInvocation { .status(invocation) } }
extension TasksCommand: HotPathCommand { var hotInvocation: HotInvocation { .tasks(invocation) } }
extension TaskClaimCommand: HotPathCommand { var hotInvocation: HotInvocation { .taskClaim(invocation) } }
