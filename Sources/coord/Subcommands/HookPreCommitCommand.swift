import ArgumentParser
import CoordStorage
import CoordinationKit

struct HookPreCommitCommand: BoardCommand {
    static let configuration = CommandConfiguration(
        commandName: "pre-commit",
        abstract: "Exit 3 when a staged path (renames included) is held by another agent.",
        discussion: """
            Run from a git pre-commit hook ('coord hook install --git' writes one) or the
            pre-commit framework (.pre-commit-hooks.yaml, id coord-locks). Reads
            'git diff --cached --name-status -M': a rename counts for its source and its
            destination. Prints each staged path in the way (holder, token, since, until,
            intent) on standard error and exits 3; exits 0 when every path is free or yours,
            and when the repository has no board. With 'coord config set hooks.pre-commit
            warn' it lists the conflicts and exits 0.
            """
    )

    @OptionGroup var board: BoardOptions

    func execute(in context: CommandContext) throws {
        let workspace: Workspace
        do {
            workspace = try context.workspace(board)
        } catch let error as CoordError where error.kind == .notAWorkspace {
            return  // no board here: nothing to guard
        }
        let staged = try StagedChanges.read(in: context.environment.currentDirectory)
        let verdict = try CommitGuard(workspace, settings: try BoardSettings.load(workspace))
            .check(staged, for: try context.agent(board))
        for line in verdict.lines { context.printError(line) }
        if verdict.blocks { throw ExitCode(ExitStatus.conflict) }
    }
}
